"""One database transaction in which a service changes its data, records what it handled and what it will tell.

Handlers and endpoints read as: check → decide (domain) → save (store) → tell (outbox), all inside `begin()`.
"""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlmodel.ext.asyncio.session import AsyncSession

from shared.clock import Clock
from shared.crashpoints import crash_point
from shared.database import Sessions
from shared.events import Event
from shared.inbox import first_delivery
from shared.outbox import add_to_outbox


class Transaction:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self.session = session
        self.clock = clock
        self.emitted: list[Event] = []

    async def first_delivery(self, event: Event, *, consumer: str) -> bool:
        """False when `consumer` has handled this event before: a redelivery, to be ignored."""
        return await first_delivery(
            self.session,
            event_id=str(event.event_id),
            consumer=consumer,
            topic=event.topic,
            now=self.clock.now(),
        )

    def emit(self, event: Event) -> None:
        """Publish `event` if, and only if, this transaction commits."""
        add_to_outbox(self.session, event, now=self.clock.now())
        self.emitted.append(event)


class UnitOfWork:
    def __init__(self, sessions: Sessions, clock: Clock, on_emit: Callable[[], None] = lambda: None) -> None:
        self._sessions = sessions
        self._clock = clock
        self._on_emit = on_emit

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[Transaction]:
        async with self._sessions() as session, session.begin():
            transaction = Transaction(session, self._clock)
            yield transaction
        # Committed, but Kafka has not been told yet: neither the offset commit nor the outbox publish happened.
        crash_point("transaction.after_commit")
        if transaction.emitted:
            self._on_emit()
