"""The Kafka side of every service: the broker, subscriptions with an at-least-once policy, topics up front,
and the outbox relay's publish. All Kafka names pass through here, so a namespace can set one deployment's
topics and consumer groups apart from another's on a shared cluster."""

import contextlib
import logging
from collections.abc import Callable
from typing import Any

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream import AckPolicy, BaseMiddleware
from faststream.kafka import KafkaBroker
from faststream.message import StreamMessage

from shared.dead_letters import dead_letter_middleware
from shared.events import BY_TOPIC, Event, all_topics
from shared.outbox import OutboxMessage
from shared.settings import KafkaSettings, ServiceSettings

log = structlog.get_logger(__name__)


class LogContext(BaseMiddleware):
    """Binds the message's event and position to every log line written while it is handled."""

    async def consume_scope(self, call_next: Any, msg: StreamMessage[Any]) -> Any:
        record = msg.raw_message
        with structlog.contextvars.bound_contextvars(
            event_id=msg.headers.get("event_id"),
            correlation_id=msg.headers.get("correlation_id"),
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
        ):
            return await call_next(msg)


class EventBus:
    """A service's connection to Kafka: an idempotent producer (so `acks=all`) and consumers whose failures end
    in `<topic>.dlq`."""

    def __init__(self, settings: ServiceSettings, *, client_id: str) -> None:
        self.settings = settings
        broker_ref: list[KafkaBroker] = []
        dead_letters = dead_letter_middleware(
            broker_ref, attempts=settings.handler_attempts, backoff_seconds=settings.handler_backoff_seconds
        )
        self.broker = KafkaBroker(
            settings.kafka_bootstrap_servers,
            client_id=client_id,
            enable_idempotence=True,
            acks="all",
            allow_auto_create_topics=False,
            middlewares=[LogContext, dead_letters],
            logger=logging.getLogger("faststream"),
            log_level=logging.DEBUG,  # "Received"/"Processed" per message is noise; failures still log as errors
        )
        broker_ref.append(self.broker)

    def subscriber(self, *event_types: type[Event], group: str) -> Callable[..., Any]:
        """Subscribe to the events' topics in consumer group `group`, committing offsets after the handler.

        NACK_ON_ERROR re-reads a message whose handling raised; the dead-letter middleware makes sure that only
        a failed dead-letter publish raises, so a poison message never loops.
        """
        group_id = self.settings.namespaced(group)
        instance = self.settings.kafka_instance_id
        return self.broker.subscriber(
            *(self.settings.namespaced(event.topic) for event in event_types),
            group_id=group_id,
            group_instance_id=f"{group_id}.{instance}" if instance else None,
            ack_policy=AckPolicy.NACK_ON_ERROR,
            auto_offset_reset="earliest",  # a new group starts from the first event, not from whatever comes next
        )

    def event_type_of(self, topic: str) -> type[Event]:
        """The event class of a (namespaced) topic, for subscribers that listen to several."""
        prefix = f"{self.settings.kafka_namespace}." if self.settings.kafka_namespace else ""
        return BY_TOPIC[topic.removeprefix(prefix)]

    async def publish(self, message: OutboxMessage) -> None:
        """Publish an outbox row as stored, waiting for the broker's acknowledgement."""
        await self.broker.publish(
            message.body.encode(),
            topic=self.settings.namespaced(message.topic),
            key=message.key.encode(),
            headers=message.headers(),
            correlation_id=message.correlation_id,
        )

    async def start(self) -> None:
        await ensure_topics(self.settings)
        await self.broker.start()

    async def stop(self) -> None:
        await self.broker.stop()


async def ensure_topics(settings: KafkaSettings, topics: list[str] | None = None) -> list[str]:
    """Create the suite's topics (or `topics`) that do not exist yet, with the configured partition count and
    replication; returns the ones created. A topic's partition count is never changed: that would move keys."""
    wanted = [settings.namespaced(topic) for topic in (topics if topics is not None else all_topics())]
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [topic for topic in wanted if topic not in existing]
        if missing:
            new = [NewTopic(t, settings.kafka_partitions, settings.kafka_replication_factor) for t in missing]
            with contextlib.suppress(TopicAlreadyExistsError):  # another service created them at the same moment
                await admin.create_topics(new)
            log.info("topics_created", topics=missing, partitions=settings.kafka_partitions)
        return missing
    finally:
        await admin.close()
