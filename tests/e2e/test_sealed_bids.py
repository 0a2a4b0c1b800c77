"""Sealed bids are sacred: before the deadline a bid's content is nowhere but in its sealed form — not in any
database file or its WAL, not in the logs, not in any outbox, not on any Kafka topic — and nobody but its bidder
reads it; every attempt is audited. After the deadline the officer reads it and the commitment matches."""

import base64
import hashlib
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from shared.clock import ManualClock
from shared.events import all_topics
from tests.support.identities import bearer
from tests.support.kafka import eventually, read_topic
from tests.support.samples import NOW
from tests.support.suite import SuiteInProcess, suite_in_process
from tests.support.tenders import OFFICER, as_bidder, park_tender

MARKER = "SEALED-MARKER-7f3a9c"
TRACES = (MARKER.encode(), base64.b64encode(MARKER.encode()), MARKER.encode("utf-16-le"))


@pytest.fixture
async def suite(kafka_bootstrap: str, tmp_path: Path) -> AsyncIterator[SuiteInProcess]:
    async with suite_in_process(kafka_bootstrap, tmp_path, ManualClock(NOW)) as running:
        yield running


def found_in(data: bytes) -> bool:
    return any(trace in data for trace in TRACES)


def databases_holding_the_marker(folder: Path) -> list[str]:
    """Every service's database file, its -wal and -shm, read as raw bytes."""
    files = sorted(folder.glob("*.db*"))
    assert any(f.name == "procurement.db-wal" for f in files), "the search covers the write-ahead log"
    return [file.name for file in files if found_in(file.read_bytes())]


async def test_a_bid_is_sealed_until_the_deadline_and_then_opens_to_its_commitment(
    suite: SuiteInProcess, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    procurement, audit = suite["procurement"], suite["audit"]
    created = await procurement.post("/tenders", json=park_tender(NOW + timedelta(days=30)), headers=OFFICER)
    tender_id = created.json()["id"]
    await procurement.post(f"/tenders/{tender_id}/publish", headers=OFFICER)
    registered = []
    for name, cvr in (("Jobværkstedet ApS", "13585628"), ("Park & Vej A/S", "40084525")):
        response = await procurement.post(
            "/bidders", json={"name": name, "cvr": cvr, "email": f"tilbud@{cvr}.example.dk"}
        )
        registered.append(response.json()["id"])
    mine, theirs = registered
    bid = {
        "price": "2760000",
        "price_breakdown": {f"Pleje af græs ({MARKER})": "1200000", "Beskæring": "1560000"},
        "attachments": [
            {
                "filename": "tilbud.txt",
                "media_type": "text/plain",
                "content_base64": base64.b64encode(f"Vores tilbud {MARKER}".encode()).decode(),
            }
        ],
    }
    receipt = (await procurement.post(f"/tenders/{tender_id}/bids", json=bid, headers=as_bidder(mine))).json()

    # Before the deadline: only the bidder itself reads its bid; the officer and the other bidder are refused.
    own = await procurement.get(f"/tenders/{tender_id}/bids/mine", headers=as_bidder(mine))
    assert MARKER in json.dumps(own.json(), ensure_ascii=False)
    assert (await procurement.get(f"/tenders/{tender_id}/bids", headers=OFFICER)).status_code == 409
    assert (await procurement.get(f"/tenders/{tender_id}/bids", headers=as_bidder(theirs))).status_code == 403
    assert (await procurement.get(f"/tenders/{tender_id}/bids/mine", headers=as_bidder(theirs))).status_code == 404

    # ... and the content is nowhere at rest or in transit.
    assert databases_holding_the_marker(tmp_path) == []
    for topic in all_topics():
        for record in await read_topic(suite.bootstrap, f"{suite.namespace}.{topic}", expect=0, linger=0.2):
            assert not found_in(record.value or b""), f"{topic} carries the bid's content"
    assert not found_in(capfd.readouterr().err.encode()), "the logs hold the bid's content"

    # After the deadline the bids are opened: the officer reads the content, and the salt opens the commitment.
    suite.clock.advance(timedelta(days=30))
    await eventually_json(procurement, f"/tenders/{tender_id}", accept=lambda t: t["status"] == "closed")
    [seen] = (await procurement.get(f"/tenders/{tender_id}/bids", headers=OFFICER)).json()
    assert seen["content"]["price_breakdown"][f"Pleje af græs ({MARKER})"] == "1200000"
    canonical = json.dumps(seen["content"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert hashlib.sha256(bytes.fromhex(seen["salt"]) + canonical).hexdigest() == receipt["commitment_sha256"]
    assert seen["salt"] == receipt["salt"]

    # Every attempt to read, allowed or refused, is in the audit log, with who tried.
    auditor = bearer("auditor", "auditor-1")
    timeline = await eventually_json(
        audit,
        f"/tenders/{tender_id}/timeline",
        accept=lambda t: sum(e["event_type"] == "procurement.bid-access-attempted" for e in t["entries"]) == 4,
        headers=auditor,
    )
    attempts = []
    for entry in timeline["entries"]:
        if entry["event_type"] == "procurement.bid-access-attempted":
            event = (await audit.get(f"/entries/{entry['seq']}", headers=auditor)).json()["payload"]
            attempts.append((event["actor"]["role"], event["actor"].get("bidder_id"), event["payload"]["allowed"]))
    assert attempts == [
        ("bidder", mine, True),
        ("officer", None, False),
        ("bidder", theirs, False),
        ("officer", None, True),
    ]


async def eventually_json(client, path, accept=lambda found: bool(found), headers=OFFICER):  # type: ignore[no-untyped-def]
    async def check():  # type: ignore[no-untyped-def]
        response = await client.get(path, headers=headers)
        return response.json() if response.status_code == 200 and accept(response.json()) else None

    return await eventually(check, timeout=30)
