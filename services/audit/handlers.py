"""Kafka subscribers of the audit service: every event of the suite, appended once to the hash chain."""

import structlog
from faststream.kafka import KafkaMessage

from services.audit.domain import capture
from services.audit.store import AuditLog
from shared import events
from shared.runtime import ServiceRuntime

GROUP = "audit.capture"
log = structlog.get_logger(__name__)


def register(runtime: ServiceRuntime, audit_log: AuditLog) -> None:
    # One consumer for every topic handles one message at a time, so this process appends in the order it reads;
    # the single-writer lock keeps appends one at a time should invocations ever overlap.
    @runtime.bus.subscriber(*events.ALL, group=GROUP)
    async def on_any_event(message: KafkaMessage) -> None:
        """Append the event to the chain; a redelivery appends nothing.

        The raw message, not a typed body: the event class follows from the topic, and the payload is kept as it
        arrived. A body that is not its topic's event raises here, so the dead-letter middleware sends it on to
        `<topic>.dlq`.
        """
        record = message.raw_message
        assert not isinstance(record, tuple), "one record per message: this is no batch subscriber"
        event = runtime.bus.event_type_of(record.topic).model_validate_json(message.body)
        captured = capture(event, message.body)
        async with audit_log.single_writer(), runtime.unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=GROUP):
                return
            entry = await audit_log.append(transaction.session, captured, recorded_at=runtime.clock.now())
        log.info("audit_entry_appended", seq=entry.header.seq, event_type=entry.header.event_type)
