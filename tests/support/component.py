"""Component tests: one service's app on FastStream's in-memory broker and a real SQLite file, no Kafka.

HTTP goes through the ASGI app; events are delivered straight to the service's subscribers; what the service
tells the others is read back from its outbox (the relay does not run here).
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from fastapi import FastAPI
from faststream.kafka import TestKafkaBroker
from sqlmodel import col, select

from shared.events import BY_TOPIC, Event
from shared.outbox import OutboxMessage
from shared.runtime import ServiceRuntime


@dataclass
class InMemoryService:
    app: FastAPI
    runtime: ServiceRuntime
    broker: TestKafkaBroker
    http: httpx.AsyncClient

    async def deliver(self, event: Event) -> None:
        """Hand `event` to the service's subscribers as Kafka would: its JSON bytes, key and headers."""
        await self.runtime.bus.broker.publish(
            event.model_dump_json().encode(),
            topic=self.runtime.settings.namespaced(event.topic),
            key=event.key.encode(),
            headers=event.headers(),
        )

    async def told(self, event_type: type[Event] | None = None) -> list[Event]:
        """The events the service has committed to publish (its outbox), oldest first."""
        async with self.runtime.sessions() as session:
            rows = (await session.exec(select(OutboxMessage).order_by(col(OutboxMessage.seq)))).all()
        told = [BY_TOPIC[row.topic].model_validate_json(row.body) for row in rows]
        return [event for event in told if event_type is None or isinstance(event, event_type)]


@asynccontextmanager
async def in_memory(app: FastAPI) -> AsyncIterator[InMemoryService]:
    runtime: ServiceRuntime = app.state.runtime
    async with TestKafkaBroker(runtime.bus.broker) as broker:
        await runtime.prepare()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as http:
            yield InMemoryService(app, runtime, broker, http)
    await runtime.engine.dispose()
