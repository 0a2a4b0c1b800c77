"""Exports over HTTP, JSON Lines and CSV: every header of the range, the selected payloads, the checkpoints, and
`procure audit verify --from-export` accepting them on their own (and not once they are altered)."""

import base64
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from faststream._internal.testing.broker import patch_broker_calls
from typer.testing import CliRunner

from procure.cli import app as cli
from services.audit.main import create_app
from services.audit.settings import Settings
from shared import events
from shared.clock import ManualClock
from tests.support.component import InMemoryService, in_memory
from tests.support.identities import bearer
from tests.support.samples import NOW, OFFICER, payload_for

AUDITOR = bearer("auditor", "ida.auditor@kolding.dk")
runner = CliRunner()


def seed_of(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
async def audit(tmp_path: Path, key: Ed25519PrivateKey) -> AsyncIterator[InMemoryService]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}",
        log_json=False,
        audit_signing_key=seed_of(key),
        audit_checkpoint_every_entries=4,
    )
    app = create_app(settings, clock=ManualClock(datetime(2026, 11, 26, 13, 0, tzinfo=UTC)))
    async with in_memory(app) as service:
        assert await app.state.writer.take_over(consume=False)
        patch_broker_calls(app.state.runtime.bus.broker)
        service.http.headers.update(AUDITOR)
        # T-1 at entries 2, 5 and 8 of 10; a checkpoint after every 4 entries.
        tenders = ["T-2", "T-1", "T-2", "T-3", "T-1", "T-3", "T-2", "T-1", "T-2", "T-3"]
        for n, tender in enumerate(tenders):
            closed = events.TenderClosed(
                occurred_at=NOW + timedelta(hours=n),
                correlation_id=f"lifecycle-{tender}",
                actor=OFFICER,
                payload=payload_for(events.TenderClosed, tender),
            )
            await service.deliver(closed)
        yield service
        await app.state.writer.step_down()


@pytest.fixture
def pinned(tmp_path: Path, key: Ed25519PrivateKey) -> Path:
    path = tmp_path / "pinned.pem"
    path.write_bytes(key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    return path


def verify_export(path: Path, pinned: Path) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(cli, ["audit", "verify", "--from-export", str(path), "--public-key", str(pinned), "--json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


async def test_a_tender_export_holds_every_header_of_its_range_and_only_its_payloads(
    audit: InMemoryService, tmp_path: Path, pinned: Path
) -> None:
    response = await audit.http.get("/exports/tenders/T-1")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    records = [json.loads(line) for line in response.text.splitlines()]

    meta, *rest = records
    entries = [r for r in rest if r["record"] == "entry"]
    # T-1 spans entries 2 to 8; the range runs on to the checkpoint at 8, which covers it.
    assert (meta["first_seq"], meta["last_seq"]) == (2, 8)
    assert [e["seq"] for e in entries] == list(range(2, 9))
    assert [e["seq"] for e in entries if e["payload"] is not None] == [2, 5, 8]
    assert [r["seq"] for r in rest if r["record"] == "checkpoint"] == [4, 8]
    first = (await audit.http.get("/entries/1")).json()
    assert meta["previous_entry_hash"] == first["entry_hash"]

    export = tmp_path / "t-1.jsonl"
    export.write_text(response.text)
    exit_code, report = verify_export(export, pinned)
    assert exit_code == 0, report
    assert report["checkpoints"]["vouched_up_to"]["seq"] == 8


async def test_a_csv_export_of_a_time_range_verifies_on_its_own(
    audit: InMemoryService, tmp_path: Path, pinned: Path
) -> None:
    window = {
        "occurred_from": (NOW + timedelta(hours=2)).isoformat(),
        "occurred_to": (NOW + timedelta(hours=5)).isoformat(),
    }
    response = await audit.http.get("/exports", params={**window, "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0] == (
        "record,seq,event_id,event_type,tender_id,actor,occurred_at,recorded_at,payload_sha256,entry_hash,payload"
    )
    export = tmp_path / "window.csv"
    export.write_text(response.text)

    exit_code, report = verify_export(export, pinned)

    assert exit_code == 0, report
    assert (report["first_seq"], report["last_seq"]) == (3, 8), "entries 3–5 selected, on to the checkpoint at 8"


@pytest.mark.parametrize(
    ("alter", "kind"),
    [
        (
            lambda r: {**r, "payload": r["payload"].replace("T-1", "T-9")} if r.get("seq") == 5 else r,
            "payload-modified",
        ),
        (lambda r: {**r, "event_type": "procurement.tender-published"} if r.get("seq") == 6 else r, "header-modified"),
    ],
    ids=["payload", "header"],
)
async def test_an_altered_export_does_not_verify(
    audit: InMemoryService, tmp_path: Path, pinned: Path, alter: Any, kind: str
) -> None:
    records = [json.loads(line) for line in (await audit.http.get("/exports/tenders/T-1")).text.splitlines()]
    export = tmp_path / "altered.jsonl"
    export.write_text("".join(json.dumps(alter(r) if r["record"] == "entry" else r) + "\n" for r in records))

    exit_code, report = verify_export(export, pinned)

    assert exit_code == 1
    assert (report["first_problem"]["kind"]) == kind


async def test_an_export_cut_short_is_reported(audit: InMemoryService, tmp_path: Path, pinned: Path) -> None:
    lines = (await audit.http.get("/exports/tenders/T-1")).text.splitlines()
    kept = [line for line in lines if json.loads(line).get("seq", 0) <= 6]
    export = tmp_path / "short.jsonl"
    export.write_text("\n".join(kept) + "\n")

    exit_code, report = verify_export(export, pinned)

    assert exit_code == 1
    assert (report["first_problem"]["seq"], report["first_problem"]["kind"]) == (7, "tail-truncated")


async def test_exports_of_nothing_or_of_a_backwards_range_are_refused(audit: InMemoryService) -> None:
    assert (await audit.http.get("/exports/tenders/T-9")).status_code == 404
    backwards = {"occurred_from": (NOW + timedelta(hours=5)).isoformat(), "occurred_to": NOW.isoformat()}
    assert (await audit.http.get("/exports", params=backwards)).status_code == 422
    assert (await audit.http.get("/exports/tenders/T-1", params={"format": "xml"})).status_code == 422
