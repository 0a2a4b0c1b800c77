"""Reading and writing real Kafka topics from tests, outside any service."""

import asyncio
import random
import string
import time
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition

from shared.events import Event


def random_letters(length: int = 10) -> str:
    """A fresh, topic-safe name part, so tests sharing one broker never read each other's messages."""
    return "".join(random.choices(string.ascii_lowercase, k=length))


async def produce(bootstrap: str, events: Iterable[Event], *, namespace: str = "") -> None:
    """Publish events exactly as the outbox relay does: the event's JSON, its key and envelope headers."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(
                f"{namespace}.{event.topic}" if namespace else event.topic,
                event.model_dump_json().encode(),
                key=event.key.encode(),
                headers=[(name, value.encode()) for name, value in event.headers().items()],
            )
    finally:
        await producer.stop()


async def produce_raw(bootstrap: str, topic: str, value: bytes, *, key: str, headers: dict[str, str]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            topic, value, key=key.encode(), headers=[(k, v.encode()) for k, v in headers.items()]
        )
    finally:
        await producer.stop()


async def read_topic(
    bootstrap: str, topic: str, *, expect: int, timeout: float = 30.0, linger: float = 1.5
) -> list[ConsumerRecord]:
    """Every record of `topic` from the beginning: waits for `expect` of them, then `linger` seconds more so
    that a duplicate arriving late is counted too."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        if not partitions:
            await consumer._client.force_metadata_update()
            partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        records: list[ConsumerRecord] = []
        deadline = time.monotonic() + timeout
        settle_until: float | None = None
        while time.monotonic() < (settle_until or deadline):
            batch = await consumer.getmany(timeout_ms=200)
            records += [record for part in batch.values() for record in part]
            if settle_until is None and len(records) >= expect:
                settle_until = time.monotonic() + linger
        return records
    finally:
        await consumer.stop()


async def eventually(check, *, timeout: float = 30.0, interval: float = 0.1):  # type: ignore[no-untyped-def]
    """Poll `check` (sync or async) until it returns something truthy; that value is returned."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {getattr(check, '__name__', check)}")
        await asyncio.sleep(interval)
