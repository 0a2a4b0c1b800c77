"""The transactional outbox: an event is written in the caller's database transaction, and a relay publishes it.

So a crash between the commit and the publish loses nothing: the relay publishes the row after a restart. A
crash between the publish and marking the row sent publishes it again, which consumers drop by `event_id`.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime

import structlog
from sqlalchemy import Column, Text, update
from sqlmodel import Field, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.clock import Clock
from shared.crashpoints import crash_point
from shared.database import PlumbingTable, Sessions, UtcDateTime
from shared.events import Event

log = structlog.get_logger(__name__)


class OutboxMessage(PlumbingTable, table=True):
    __tablename__ = "outbox"

    seq: int | None = Field(default=None, primary_key=True)  # publication order
    event_id: str = Field(unique=True)
    topic: str
    key: str
    event_type: str
    correlation_id: str
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_type=UtcDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    attempts: int = 0
    last_error: str | None = None

    @classmethod
    def of(cls, event: Event, *, now: datetime) -> "OutboxMessage":
        return cls(
            event_id=str(event.event_id),
            topic=event.topic,
            key=event.key,
            event_type=event.event_type,
            correlation_id=event.correlation_id,
            body=event.model_dump_json(),
            created_at=now,
        )

    def headers(self) -> dict[str, str]:
        return {
            "event_id": self.event_id,
            "event_type": self.event_type,
            "correlation_id": self.correlation_id,
            "content-type": "application/json",
        }


def add_to_outbox(session: AsyncSession, event: Event, *, now: datetime) -> None:
    """Record `event` for publication in `session`'s transaction; it is published only if that commits."""
    session.add(OutboxMessage.of(event, now=now))


Publish = Callable[[OutboxMessage], Awaitable[None]]


class OutboxRelay:
    """Publishes the outbox in order, one relay per database (a second one could reorder a tender's events)."""

    def __init__(
        self,
        sessions: Sessions,
        publish: Publish,
        clock: Clock,
        *,
        poll_seconds: float,
        batch_size: int = 200,
    ) -> None:
        self._sessions = sessions
        self._publish = publish
        self._clock = clock
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._wakeup = asyncio.Event()
        self._published = 0
        self._failures = 0

    def notify(self) -> None:
        """Called after a commit that added to the outbox, so the relay need not wait for its next poll."""
        self._wakeup.set()

    async def run(self) -> None:
        while True:
            await self.step()
            await self.pause()

    async def step(self) -> None:
        """Publish what is pending; a failure is logged and retried after a growing pause."""
        try:
            self._published = await self.publish_pending()
            self._failures = 0
        except Exception:
            self._failures += 1
            log.exception("outbox_relay_failed", consecutive_failures=self._failures)
            self._published = 0

    async def pause(self) -> None:
        """Until the next step: none after a full batch, else until a commit notifies or the poll (or backoff) ends."""
        if self._published < self._batch_size:
            await self._sleep(min(self._poll_seconds * 2**self._failures, 30.0))

    async def publish_pending(self) -> int:
        """Publish unpublished rows oldest first, stopping at the first failure so none overtakes another.

        Each row is marked right after the broker acknowledged it: a crash can then repeat at most that one row.
        """
        async with self._sessions() as session:
            query = select(OutboxMessage).where(col(OutboxMessage.published_at).is_(None))
            rows = (await session.exec(query.order_by(col(OutboxMessage.seq)).limit(self._batch_size))).all()
        for row in rows:
            crash_point("outbox.before_publish")
            try:
                await self._publish(row)
            except Exception as error:
                await self._record_failure(row, error)
                raise
            crash_point("outbox.after_publish")
            await self._mark_published(row)
        return len(rows)

    async def _mark_published(self, row: OutboxMessage) -> None:
        async with self._sessions() as session, session.begin():
            statement = update(OutboxMessage).where(col(OutboxMessage.seq) == row.seq)
            await session.exec(statement.values(published_at=self._clock.now()))

    async def _record_failure(self, row: OutboxMessage, error: Exception) -> None:
        async with self._sessions() as session, session.begin():
            statement = update(OutboxMessage).where(col(OutboxMessage.seq) == row.seq)
            await session.exec(statement.values(attempts=OutboxMessage.attempts + 1, last_error=repr(error)[:500]))

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), seconds)
        self._wakeup.clear()
