"""From evaluation to award: the officer told the evaluation finished, every bidder its award notice and then
the standstill's end."""

from collections.abc import Callable

import structlog

from services.notifications import domain
from services.notifications.store import NotificationStore
from shared import events
from shared.runtime import ServiceRuntime

EVALUATIONS = "notifications.evaluations"
AWARD_NOTICES = "notifications.award-notices"
STANDSTILL = "notifications.standstill"
log = structlog.get_logger(__name__)


def register(runtime: ServiceRuntime, store: NotificationStore, *, wake_dispatcher: Callable[[], None]) -> None:
    unit_of_work = runtime.unit_of_work

    @runtime.bus.subscriber(events.EvaluationCompleted, group=EVALUATIONS)
    async def on_evaluation_completed(event: events.EvaluationCompleted) -> None:
        """Tell the tender's officer (known from its publication, now or when it arrives)."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=EVALUATIONS):
                return
            session = transaction.session
            tender = await store.tender(session, event.payload.tender_id)
            planned = domain.evaluation_completed_notices(event, tender.officer_id if tender else None)
            await store.add_notifications(
                session, planned, correlation_id=event.correlation_id, now=transaction.clock.now()
            )
        wake_dispatcher()

    @runtime.bus.subscriber(events.AwardDecided, group=AWARD_NOTICES)
    async def on_award_decided(event: events.AwardDecided) -> None:
        """Plan an award notice to every bidder in the standings, and open the award's dispatch record."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=AWARD_NOTICES):
                return
            now = transaction.clock.now()
            planned = domain.award_notices(str(event.event_id), event.payload)
            await store.add_notifications(transaction.session, planned, correlation_id=event.correlation_id, now=now)
            store.add_award_dispatch(transaction.session, event, now=now)
        log.info("award_notices_planned", tender_id=event.payload.tender_id, notices=len(planned))
        wake_dispatcher()

    @runtime.bus.subscriber(events.StandstillStarted, group=STANDSTILL)
    async def on_standstill_started(event: events.StandstillStarted) -> None:
        """ "The standstill ends at …" to every bidder the award's notices went to. Procurement starts the
        standstill from our `AwardNoticesDispatched`, so the notices are recorded here before this arrives."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=STANDSTILL):
                return
            session = transaction.session
            told = await store.award_recipients(session, event.payload.award_event_id)
            planned = domain.standstill_notices(event, told)
            await store.add_notifications(
                session, planned, correlation_id=event.correlation_id, now=transaction.clock.now()
            )
        wake_dispatcher()
