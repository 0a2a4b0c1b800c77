"""The outbox and inbox on a real SQLite database, with a recording publisher in place of Kafka."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import select

from shared import events
from shared.clock import ManualClock
from shared.database import PlumbingTable, Sessions, make_engine, make_sessions
from shared.outbox import OutboxMessage, OutboxRelay
from shared.unit_of_work import UnitOfWork
from tests.support.samples import NOW, sample_event


class RecordingPublisher:
    """Stands in for the broker: remembers what was published, and can be told to fail."""

    def __init__(self) -> None:
        self.published: list[OutboxMessage] = []
        self.fail_on: set[str] = set()

    async def __call__(self, message: OutboxMessage) -> None:
        if message.event_id in self.fail_on:
            raise ConnectionError("broker unreachable")
        self.published.append(message)


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[Sessions]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'service.db'}")
    async with engine.begin() as connection:
        await connection.run_sync(PlumbingTable.metadata.create_all)
    yield make_sessions(engine)
    await engine.dispose()


async def outbox_rows(sessions: Sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        return list((await session.exec(select(OutboxMessage).order_by(OutboxMessage.seq))).all())  # type: ignore[arg-type]


async def test_an_event_is_in_the_outbox_only_if_its_transaction_commits(sessions: Sessions) -> None:
    clock = ManualClock(NOW)
    kept, dropped = sample_event(events.TenderClosed, "T-1"), sample_event(events.TenderClosed, "T-2")
    unit_of_work = UnitOfWork(sessions, clock)
    async with unit_of_work.begin() as transaction:
        transaction.emit(kept)
    with pytest.raises(RuntimeError):
        async with unit_of_work.begin() as transaction:
            transaction.emit(dropped)
            raise RuntimeError("the business change failed")
    assert [row.event_id for row in await outbox_rows(sessions)] == [str(kept.event_id)]


async def test_the_relay_is_woken_after_a_commit_that_emitted(sessions: Sessions) -> None:
    wakeups: list[str] = []
    unit_of_work = UnitOfWork(sessions, ManualClock(NOW), on_emit=lambda: wakeups.append("wake"))
    async with unit_of_work.begin():
        pass
    async with unit_of_work.begin() as transaction:
        transaction.emit(sample_event(events.TenderClosed))
    assert wakeups == ["wake"]


async def test_relay_publishes_in_order_and_marks_rows_sent(sessions: Sessions) -> None:
    clock, publisher = ManualClock(NOW), RecordingPublisher()
    emitted = [sample_event(events.TenderClosed, f"T-{n}") for n in range(5)]
    async with UnitOfWork(sessions, clock).begin() as transaction:
        for event in emitted:
            transaction.emit(event)
    relay = OutboxRelay(sessions, publisher, clock, poll_seconds=0.01)

    assert await relay.publish_pending() == 5
    assert [m.event_id for m in publisher.published] == [str(e.event_id) for e in emitted]
    assert publisher.published[0].body == emitted[0].model_dump_json()
    assert all(row.published_at == NOW for row in await outbox_rows(sessions))
    assert await relay.publish_pending() == 0, "nothing is published twice"


async def test_relay_stops_at_the_first_failure_so_no_event_overtakes_another(sessions: Sessions) -> None:
    clock, publisher = ManualClock(NOW), RecordingPublisher()
    emitted = [sample_event(events.TenderClosed, "T-1") for _ in range(3)]
    async with UnitOfWork(sessions, clock).begin() as transaction:
        for event in emitted:
            transaction.emit(event)
    publisher.fail_on = {str(emitted[1].event_id)}
    relay = OutboxRelay(sessions, publisher, clock, poll_seconds=0.01)

    with pytest.raises(ConnectionError):
        await relay.publish_pending()
    assert [m.event_id for m in publisher.published] == [str(emitted[0].event_id)]
    failed = (await outbox_rows(sessions))[1]
    assert (failed.attempts, failed.published_at) == (1, None)
    assert "broker unreachable" in (failed.last_error or "")

    publisher.fail_on = set()
    assert await relay.publish_pending() == 2
    assert [m.event_id for m in publisher.published] == [str(e.event_id) for e in emitted]


async def test_inbox_turns_a_redelivery_away_per_consumer(sessions: Sessions) -> None:
    unit_of_work, event = UnitOfWork(sessions, ManualClock(NOW)), sample_event(events.TenderPublished)
    outcomes = []
    for consumer in ("notifications.tenders", "notifications.tenders", "audit.capture"):
        async with unit_of_work.begin() as transaction:
            outcomes.append(await transaction.first_delivery(event, consumer=consumer))
    assert outcomes == [True, False, True]


async def test_a_rolled_back_handling_is_not_remembered_as_handled(sessions: Sessions) -> None:
    unit_of_work, event = UnitOfWork(sessions, ManualClock(NOW)), sample_event(events.TenderPublished)
    with pytest.raises(RuntimeError):
        async with unit_of_work.begin() as transaction:
            assert await transaction.first_delivery(event, consumer="c")
            raise RuntimeError("handler failed after recording")
    async with unit_of_work.begin() as transaction:
        assert await transaction.first_delivery(event, consumer="c"), "the retry handles it"


async def test_times_come_back_timezone_aware_from_sqlite(sessions: Sessions) -> None:
    async with UnitOfWork(sessions, ManualClock(NOW)).begin() as transaction:
        transaction.emit(sample_event(events.TenderClosed))
    assert (await outbox_rows(sessions))[0].created_at == NOW
