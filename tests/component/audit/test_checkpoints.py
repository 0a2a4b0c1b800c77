"""Checkpoints taken by the running service: every N entries or T seconds (the clock is moved, not waited for),
signed with the configured key, written to the table, the file and the service log."""

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from faststream._internal.testing.broker import patch_broker_calls

from services.audit.main import create_app
from services.audit.settings import Settings
from shared import events
from shared.clock import ManualClock
from tests.support.component import InMemoryService, in_memory
from tests.support.identities import bearer
from tests.support.samples import sample_event

AUDITOR = bearer("auditor", "ida.auditor@kolding.dk")
START = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def audit(tmp_path: Path, key: Ed25519PrivateKey, clock: ManualClock) -> AsyncIterator[InMemoryService]:
    seed = base64.b64encode(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}",
        log_json=False,
        audit_signing_key=seed,
        audit_checkpoint_every_entries=3,
        audit_checkpoint_every_seconds=60,
        audit_checkpoint_file=tmp_path / "anchored" / "checkpoints.jsonl",
    )
    app = create_app(settings, clock=clock)
    async with in_memory(app) as service:
        assert await app.state.writer.take_over(consume=False)
        patch_broker_calls(app.state.runtime.bus.broker)
        service.http.headers.update(AUDITOR)
        yield service
        await app.state.writer.step_down()


async def deliver(audit: InMemoryService, count: int) -> None:
    for n in range(count):
        await audit.deliver(sample_event(events.BidReceived, f"T-{n}"))


def signed_by(key: Ed25519PrivateKey, checkpoint: dict[str, object]) -> bool:
    signed = {field: checkpoint[field] for field in ("seq", "entry_hash", "count", "time")}
    message = json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()
    try:
        key.public_key().verify(base64.b64decode(str(checkpoint["signature"])), message)
    except Exception:
        return False
    return True


async def test_a_checkpoint_every_n_entries_signed_and_written_to_table_file_and_log(
    audit: InMemoryService, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    with structlog.testing.capture_logs() as logged:
        await deliver(audit, 7)

    checkpoints = (await audit.http.get("/checkpoints")).json()
    assert [(cp["seq"], cp["count"]) for cp in checkpoints] == [(3, 3), (6, 6)]
    for checkpoint in checkpoints:
        entry = (await audit.http.get(f"/entries/{checkpoint['seq']}")).json()
        assert checkpoint["entry_hash"] == entry["entry_hash"]
        assert checkpoint["time"] == "2026-11-26T13:00:00.000000Z"
        assert signed_by(key, checkpoint)
    in_file = [json.loads(line) for line in (tmp_path / "anchored" / "checkpoints.jsonl").read_text().splitlines()]
    assert in_file == checkpoints
    in_log = [line for line in logged if line["event"] == "audit_checkpoint"]
    assert [{k: line[k] for k in checkpoints[0]} for line in in_log] == checkpoints
    covered = (await audit.http.get("/entries/5")).json()["position"]["checkpoint"]
    assert covered["seq"] == 6, "an entry names the first checkpoint that covers it"


async def test_a_checkpoint_once_the_oldest_uncovered_entry_is_t_seconds_old(
    audit: InMemoryService, clock: ManualClock
) -> None:
    await deliver(audit, 2)
    writer = audit.app.state.writer
    clock.advance(timedelta(seconds=59))
    assert await writer.checkpointer.maybe_checkpoint() is None, "not yet: 59 s"

    clock.advance(timedelta(seconds=1))
    taken = await writer.checkpointer.maybe_checkpoint()

    assert taken is not None
    assert (taken.seq, taken.time) == (2, "2026-11-26T13:01:00.000000Z")
    clock.advance(timedelta(hours=1))
    assert await writer.checkpointer.maybe_checkpoint() is None, "an idle log takes no checkpoint"
    assert [cp["seq"] for cp in (await audit.http.get("/checkpoints")).json()] == [2]


async def test_two_callers_at_once_sign_one_checkpoint(audit: InMemoryService, clock: ManualClock) -> None:
    # The writer checks after each append and on its clock: both may find the same checkpoint due at once.
    await deliver(audit, 2)
    clock.advance(timedelta(seconds=60))
    checkpointer = audit.app.state.writer.checkpointer
    taken = await asyncio.gather(checkpointer.maybe_checkpoint(), checkpointer.maybe_checkpoint())
    assert sorted(c.seq for c in taken if c is not None) == [2], "one signs, the other finds it done"
    assert [cp["seq"] for cp in (await audit.http.get("/checkpoints")).json()] == [2]


async def test_the_cadence_carries_on_from_the_database_after_a_restart(
    tmp_path: Path, key: Ed25519PrivateKey, clock: ManualClock
) -> None:
    seed = base64.b64encode(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}",
        log_json=False,
        audit_signing_key=seed,
        audit_checkpoint_every_entries=3,
    )
    for run in range(2):  # 2 entries, a restart, 2 more: the checkpoint comes at 3, counted across the restart
        app = create_app(settings, clock=clock)
        async with in_memory(app) as service:
            assert await app.state.writer.take_over(consume=False)
            patch_broker_calls(app.state.runtime.bus.broker)
            for n in range(2):
                await service.deliver(sample_event(events.BidReceived, f"T-{run}-{n}"))
            await app.state.writer.step_down()
    lines = settings.checkpoint_file.read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [3]


@pytest.mark.parametrize("crash", ["before the file line", "in the middle of the file line"])
async def test_a_checkpoint_the_file_missed_in_a_crash_is_filed_on_taking_over(
    audit: InMemoryService, tmp_path: Path, crash: str
) -> None:
    await deliver(audit, 7)  # checkpoints at 3 and 6, in the table and the file
    file = tmp_path / "anchored" / "checkpoints.jsonl"
    first, second = file.read_text().splitlines()
    # The writer stopped after committing checkpoint 6 to the table, before (or while) writing its line.
    file.write_text(first + "\n" + ("" if crash == "before the file line" else second[:40]))
    writer = audit.app.state.writer
    await writer.step_down()
    with structlog.testing.capture_logs() as logged:
        assert await writer.take_over(consume=False)
    assert file.read_text().splitlines() == [first, second], "each checkpoint once, whole, in order"
    assert any(line["event"] == "audit_checkpoints_filed_late" for line in logged)
    await writer.step_down()
    assert await writer.take_over(consume=False)
    assert file.read_text().splitlines() == [first, second], "nothing filed twice"


async def test_a_checkpoint_file_whose_last_line_is_not_the_writers_is_left_alone_and_the_log_goes_on(
    audit: InMemoryService, tmp_path: Path
) -> None:
    await deliver(audit, 4)
    file = tmp_path / "anchored" / "checkpoints.jsonl"
    file.write_text("edited by hand\n")
    writer = audit.app.state.writer
    await writer.step_down()
    with structlog.testing.capture_logs() as logged:
        assert await writer.take_over(consume=False), "the writer takes over all the same"
    assert file.read_text() == "edited by hand\n", "nothing guessed, nothing filed twice"
    assert any(line["event"] == "audit_checkpoint_file_unreadable" for line in logged)


async def test_a_rotated_checkpoint_file_starts_from_now_and_an_unusable_one_stops_nothing(
    audit: InMemoryService, tmp_path: Path
) -> None:
    await deliver(audit, 4)  # checkpoint 3 filed
    file = tmp_path / "anchored" / "checkpoints.jsonl"
    file.unlink()  # rotated away by the operators
    writer = audit.app.state.writer
    await writer.step_down()
    assert await writer.take_over(consume=False)
    assert not file.exists(), "the table's history is not copied into a new file"

    await writer.step_down()
    file.mkdir()  # neither readable nor writable as a file
    with structlog.testing.capture_logs() as logged:
        assert await writer.take_over(consume=False), "the writer takes over all the same"
    assert any(line["event"] == "audit_checkpoint_file_unreadable" for line in logged)
