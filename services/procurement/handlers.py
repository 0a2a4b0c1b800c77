"""Kafka subscribers of the procurement service: scoring's answers, and when award notices went out."""

import structlog

from services.procurement import domain
from services.procurement.domain import TenderStatus
from services.procurement.store import ProcurementStore
from shared import events
from shared.events import Actor
from shared.runtime import ServiceRuntime

EVALUATIONS = "procurement.evaluations"
AWARD_NOTICES = "procurement.award-notices"
PROCUREMENT = Actor(kind="service", id="procurement")
log = structlog.get_logger(__name__)


def register(runtime: ServiceRuntime, store: ProcurementStore) -> None:
    @runtime.bus.subscriber(events.EvaluationCompleted, events.EvaluationRejected, group=EVALUATIONS)
    async def on_evaluation_answered(answer: events.EvaluationCompleted | events.EvaluationRejected) -> None:
        """Record scoring's answer on the evaluation run that asked for it."""
        async with runtime.unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(answer, consumer=EVALUATIONS):
                return
            run = await store.run(transaction.session, answer.payload.request_event_id)
            if run is None:
                log.warning("answer_to_unknown_evaluation", request_event_id=answer.payload.request_event_id)
                return
            run.answered_at = answer.occurred_at
            if isinstance(answer, events.EvaluationCompleted):
                run.status, run.result = "completed", answer.payload.result
                tender = await store.tender(transaction.session, run.tender_id)
                if tender is not None and tender.status is TenderStatus.CLOSED:
                    tender.status = TenderStatus.EVALUATED
            else:
                run.status, run.problems = "rejected", [p.model_dump() for p in answer.payload.problems]
            store.add(transaction.session, run)

    @runtime.bus.subscriber(events.AwardNoticesDispatched, group=AWARD_NOTICES)
    async def on_award_notices_dispatched(dispatched: events.AwardNoticesDispatched) -> None:
        """The standstill runs from the day the notices went out: remember when that was."""
        async with runtime.unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(dispatched, consumer=AWARD_NOTICES):
                return
            award = await store.award(transaction.session, dispatched.payload.tender_id, dispatched.payload.lot_id)
            if award is None or award.award_event_id != dispatched.payload.award_event_id:
                log.warning("dispatch_of_unknown_award", award_event_id=dispatched.payload.award_event_id)
                return
            channel = domain.NoticeChannel(award.channel)
            notified = domain.notified_on(dispatched.payload.dispatched_at)
            award.notices_dispatched_at = dispatched.payload.dispatched_at
            award.standstill_ends_at = domain.standstill_end(notified, channel)
            store.add(transaction.session, award)
            tender = await store.tender(transaction.session, award.tender_id)
            assert tender is not None, "an award belongs to a tender"
            transaction.emit(
                events.StandstillStarted(
                    occurred_at=runtime.clock.now(),
                    correlation_id=tender.correlation_id,
                    actor=PROCUREMENT,
                    payload={
                        "tender_id": award.tender_id,
                        "lot_id": award.lot_id,
                        "award_event_id": award.award_event_id,
                        "notified_on": notified,
                        "channel": channel.value,
                        "ends_at": award.standstill_ends_at,
                    },
                )
            )
