"""A minimal consumer built only from the shared plumbing, run as its own process so tests can SIGKILL it.

It handles `Ping` events: records each in its own SQLite table (inbox-guarded) and answers with a `Pong`
through the outbox. CRASH_RUN names its topics; PROCURE_CRASH_AT picks where it dies.
"""

import asyncio
import os
import signal
from typing import ClassVar

import structlog
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.clock import SystemClock
from shared.database import PlumbingTable, make_engine, make_sessions
from shared.events import Event
from shared.events.payloads import Payload
from shared.kafka import EventBus
from shared.logging import configure_logging
from shared.outbox import OutboxRelay
from shared.settings import ServiceSettings
from shared.unit_of_work import UnitOfWork

RUN = os.environ.get("CRASH_RUN", "local")
GROUP = f"crashtest.{RUN}"
log = structlog.get_logger("crash_worker")


class Numbered(Payload):
    tender_id: str
    seq: int


class Ping(Event):
    topic: ClassVar[str] = f"crashtest.ping-{RUN}.v1"
    payload: Numbered


class Pong(Event):
    topic: ClassVar[str] = f"crashtest.pong-{RUN}.v1"
    payload: Numbered


class WorkerTable(SQLModel, registry=registry()):
    """The worker's own tables, apart from any service's (a table needs its registry on a base class)."""


class Received(WorkerTable, table=True):
    event_id: str = Field(primary_key=True)
    tender_id: str
    seq: int


class WorkerSettings(ServiceSettings):
    port: int = 0
    database_url: str = "sqlite+aiosqlite:///crash-worker.db"


async def main() -> None:
    settings = WorkerSettings(handler_backoff_seconds=0.05, outbox_poll_seconds=0.2)
    configure_logging(json=True)
    engine = make_engine(settings.database_url)
    async with engine.begin() as connection:
        await connection.run_sync(PlumbingTable.metadata.create_all)
        await connection.run_sync(WorkerTable.metadata.create_all)
    sessions = make_sessions(engine)
    clock = SystemClock()
    bus = EventBus(settings, client_id="crash-worker")
    relay = OutboxRelay(sessions, bus.publish, clock, poll_seconds=settings.outbox_poll_seconds)
    unit_of_work = UnitOfWork(sessions, clock, on_emit=relay.notify)

    @bus.subscriber(Ping, group=GROUP)
    async def on_ping(ping: Ping) -> None:
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(ping, consumer=GROUP):
                log.info("redelivery_ignored", ping_event_id=str(ping.event_id))
                return
            transaction.session.add(Received(event_id=str(ping.event_id), **ping.payload.model_dump()))
            pong = Pong(
                occurred_at=clock.now(),
                correlation_id=ping.correlation_id,
                actor=ping.actor,
                payload=ping.payload,
            )
            transaction.emit(pong)

    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    await bus.broker.start()  # its topics are the test's own, created by the test
    relay_task = asyncio.create_task(relay.run())
    log.info("worker_started", run=RUN)
    await stopping.wait()
    relay_task.cancel()
    await bus.stop()
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
