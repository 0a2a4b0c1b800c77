"""Poison never blocks a partition: on every subscribed topic, bad messages go to `<topic>.dlq` and the next good
message on the same partition is handled (real broker)."""

import json

import pytest
from faststream.kafka import KafkaMessage

from shared import events
from shared.events import Event, dead_letter_topic
from shared.kafka import EventBus, ensure_topics
from shared.settings import ServiceSettings
from tests.support.kafka import eventually, produce_raw, random_letters, read_topic
from tests.support.samples import sample_event


class BusSettings(ServiceSettings):
    port: int = 0
    database_url: str = "sqlite+aiosqlite://"


@pytest.mark.parametrize("event_type", events.SUBSCRIBED, ids=lambda event: event.topic)
async def test_poison_goes_to_the_dead_letter_topic_and_the_partition_moves_on(
    kafka_bootstrap: str, event_type: type[Event]
) -> None:
    settings = BusSettings(
        kafka_bootstrap_servers=kafka_bootstrap,
        kafka_namespace=f"dlq-{random_letters()}",
        handler_attempts=3,
        handler_backoff_seconds=0.01,
    )
    await ensure_topics(settings)
    topic, key = settings.namespaced(event_type.topic), "T-poison"
    poison, good = sample_event(event_type, key), sample_event(event_type, key)
    handled: list[tuple[str, int]] = []
    attempts_on_poison = 0

    bus = EventBus(settings, client_id="dlq-test")

    @bus.subscriber(event_type, group="dlq-test")
    async def handle(event: event_type, message: KafkaMessage) -> None:  # type: ignore[valid-type]
        nonlocal attempts_on_poison
        if event.event_id == poison.event_id:
            attempts_on_poison += 1
            raise RuntimeError("this handler always fails on the poison event")
        handled.append((str(event.event_id), message.raw_message.partition))

    await bus.start()
    try:
        await produce_raw(
            kafka_bootstrap,
            topic,
            b'{"event_id": "not json',
            key=key,
            headers={"content-type": "application/json", "event_id": "malformed"},
        )
        for event in (poison, good):
            await bus.broker.publish(
                event.model_dump_json().encode(), topic=topic, key=key.encode(), headers=event.headers()
            )
        await eventually(lambda: handled, timeout=30)
    finally:
        await bus.stop()

    dead = await read_topic(kafka_bootstrap, dead_letter_topic(topic), expect=2)
    assert [record.key for record in dead] == [key.encode(), key.encode()]
    malformed, failing = ({name: value.decode() for name, value in record.headers} for record in dead)
    assert malformed["x-dlq-error"].startswith("JSONDecodeError"), malformed["x-dlq-error"]
    assert failing["x-dlq-error"] == "RuntimeError: this handler always fails on the poison event"
    assert failing["event_id"] == str(poison.event_id)
    assert json.loads(dead[1].value)["event_id"] == str(poison.event_id), "the original body, unchanged"
    assert attempts_on_poison == 3, "retried before giving up"
    for headers in (malformed, failing):
        assert headers["x-dlq-original-topic"] == topic
    good_partition = handled[0][1]
    assert {int(h["x-dlq-original-partition"]) for h in (malformed, failing)} == {good_partition}
    assert int(malformed["x-dlq-original-offset"]) < int(failing["x-dlq-original-offset"])
    assert handled == [(str(good.event_id), good_partition)], "the good message after the poison was handled"
