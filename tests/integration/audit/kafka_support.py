"""The audit service on the real broker: its app with its lifespan running (the writer job included), and a way
to make Kafka deliver everything again."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import OffsetAndMetadata
from fastapi import FastAPI

from services.audit.handlers import GROUP
from services.audit.main import create_app
from services.audit.settings import Settings
from tests.support.identities import bearer

AUDITOR = bearer("auditor", "ida.auditor@kolding.dk")


def settings_for(bootstrap: str, namespace: str, database: Path, instance: str | None = None) -> Settings:
    return Settings(
        kafka_bootstrap_servers=bootstrap,
        kafka_namespace=namespace,
        kafka_instance_id=instance,
        database_url=f"sqlite+aiosqlite:///{database}",
        log_json=False,
        handler_backoff_seconds=0.01,
        audit_writer_poll_seconds=0.05,
    )


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app with its lifespan: tables, topics, the broker, and the writer job trying the lock."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://audit.test", headers=AUDITOR) as http:
            yield app, http


async def entries(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    return (await http.get("/entries", params={"limit": 1000})).json()["entries"]  # type: ignore[no-any-return]


async def rewind(settings: Settings, topics: list[str]) -> None:
    """Commit offset 0 for the audit group on every partition of `topics`: Kafka then delivers them all again,
    as after a crash before the offset commit. Only while the group is empty (so no static membership here: a
    static member stays in its group after it stops, until its session times out)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=settings.namespaced(GROUP),
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(t, p) for t in topics for p in range(settings.kafka_partitions)]
        consumer.assign(partitions)
        await consumer.commit({partition: OffsetAndMetadata(0, "") for partition in partitions})
    finally:
        await consumer.stop()
