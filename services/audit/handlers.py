"""The Kafka side of the audit service: every topic of the suite and every dead-letter topic, one entry per event.

One subscriber reads them all, so this process appends in the order it reads. It is registered only once the
process holds the writer lock (see `writer.py`): a replica that waits is not in the consumer group at all, so it
takes no partitions away from the writer.
"""

from typing import Any

import structlog
from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaMessage

from services.audit.domain import CapturedEvent, DeadLetter, capture, capture_dead_letter
from shared import events
from shared.events import dead_letter_topic
from shared.runtime import ServiceRuntime
from shared.settings import ServiceSettings

GROUP = "audit.capture"
log = structlog.get_logger(__name__)


def captured_topics(settings: ServiceSettings) -> list[str]:
    """The suite's topics and the dead-letter topic of each subscribed one, as this deployment names them."""
    topics = [event.topic for event in events.ALL] + [dead_letter_topic(t) for t in events.subscribed_topics()]
    return [settings.namespaced(topic) for topic in topics]


def subscribe(runtime: ServiceRuntime) -> Any:
    """A subscriber to every captured topic, set up as `EventBus.subscriber` sets up its own (which takes event
    classes, and the dead-letter topics have none): committed after the handler, static membership if named."""
    settings = runtime.settings
    group_id = settings.namespaced(GROUP)
    instance = settings.kafka_instance_id
    return runtime.bus.broker.subscriber(
        *captured_topics(settings),
        group_id=group_id,
        group_instance_id=f"{group_id}.{instance}" if instance else None,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
    )


def captured_from(runtime: ServiceRuntime, message: KafkaMessage) -> CapturedEvent:
    """The entry-to-be of a message. A body that is not its topic's event raises here, so the dead-letter
    middleware sends it on to `<topic>.dlq`, where this subscriber reads it again as a dead letter."""
    record: ConsumerRecord[Any, Any] = message.raw_message
    assert not isinstance(record, tuple), "one record per message: this is no batch subscriber"
    if record.topic.endswith(dead_letter_topic("")):
        return capture_dead_letter(
            DeadLetter(
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                timestamp_ms=record.timestamp,
                key=record.key,
                body=message.body,
                headers={name: _text(value) for name, value in (record.headers or ())},
            )
        )
    event = runtime.bus.event_type_of(record.topic).model_validate_json(message.body)
    return capture(event, message.body)


def _text(value: bytes | None) -> str:
    return "" if value is None else value.decode(errors="backslashreplace")
