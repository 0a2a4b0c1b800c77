"""The audit store on a real SQLite database: appends chain from the tip, and the chain cannot fork."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from services.audit.domain import EMPTY_CHAIN, GENESIS_HASH, CapturedEvent, capture, chain_hash, next_entry
from services.audit.store import AuditEntry, AuditLog, AuditTable, EntryFilter
from shared import events
from shared.database import Sessions, make_engine, make_sessions
from tests.support.samples import sample_event

RECORDED = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[Sessions]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}")
    async with engine.begin() as connection:
        await connection.run_sync(AuditTable.metadata.create_all)
    yield make_sessions(engine)
    await engine.dispose()


def captured(key: str) -> CapturedEvent:
    event = sample_event(events.TenderClosed, key)
    return capture(event, event.model_dump_json())


async def test_appends_chain_from_the_tip_and_rows_give_back_the_hashed_header(sessions: Sessions) -> None:
    audit_log = AuditLog()
    for key in ("T-1", "T-2"):
        async with sessions() as session, session.begin():
            await audit_log.append(session, captured(key), recorded_at=RECORDED)

    async with sessions() as session:
        first, second = await audit_log.get(session, 1), await audit_log.get(session, 2)
        tip = await audit_log.tip(session)
    assert first is not None
    assert second is not None
    assert chain_hash(GENESIS_HASH, first.header()) == first.entry_hash, "a row rebuilds the header it hashed"
    assert chain_hash(first.entry_hash, second.header()) == second.entry_hash
    assert (tip.seq, tip.entry_hash) == (2, second.entry_hash)


async def test_two_entries_chained_from_the_same_tip_cannot_both_commit(sessions: Sessions) -> None:
    # What the writer lock prevents between processes, the primary key on seq refuses should it ever be bypassed:
    # here a second writer that read the tip before the first committed.
    audit_log = AuditLog()
    stale = EMPTY_CHAIN
    async with sessions() as first, first.begin():
        await audit_log.append(first, captured("T-1"), recorded_at=RECORDED)
    async with sessions() as second:
        second.add(AuditEntry.of(next_entry(stale, captured("T-2"), recorded_at=RECORDED)))
        with pytest.raises(IntegrityError):
            await second.commit()

    async with sessions() as session:
        assert [entry.seq for entry in await audit_log.find(session, EntryFilter())] == [1]


async def test_a_redelivered_event_is_not_appended_again(sessions: Sessions) -> None:
    audit_log = AuditLog()
    event = captured("T-1")
    async with sessions() as session, session.begin():
        first = await audit_log.append(session, event, recorded_at=RECORDED)
    async with sessions() as session, session.begin():
        again = await audit_log.append(session, event, recorded_at=RECORDED)
        batch = await audit_log.append_all(session, [captured("T-2"), event, captured("T-3")], recorded_at=RECORDED)
    assert first is not None
    assert again is None
    assert [entry.header.seq for entry in batch] == [2, 3], "the known one left out, the rest chained in order"
