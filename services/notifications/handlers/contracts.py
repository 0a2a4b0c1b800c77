"""After the standstill: the supplier told of its contract (and the lot's other bidders only that, and when, it
was signed), then of each outcome report that is due or late."""

from collections.abc import Callable

from services.notifications import domain
from services.notifications.store import NotificationStore
from shared import events
from shared.runtime import ServiceRuntime

CONTRACTS = "notifications.contracts"
OUTCOME_REPORTS = "notifications.outcome-reports"


def register(runtime: ServiceRuntime, store: NotificationStore, *, wake_dispatcher: Callable[[], None]) -> None:
    unit_of_work = runtime.unit_of_work

    @runtime.bus.subscriber(events.ContractSigned, group=CONTRACTS)
    async def on_contract_signed(event: events.ContractSigned) -> None:
        """The supplier's notice in full; the lot's other bidders only that, and when, it was signed."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=CONTRACTS):
                return
            session, contract = transaction.session, event.payload
            bidders = await store.lot_bidders(session, contract.tender_id, contract.lot_id)
            planned = domain.contract_notices(event, bidders)
            await store.add_notifications(
                session, planned, correlation_id=event.correlation_id, now=transaction.clock.now()
            )
        wake_dispatcher()

    @runtime.bus.subscriber(events.OutcomeReportDue, group=OUTCOME_REPORTS)
    async def on_outcome_report_due(event: events.OutcomeReportDue) -> None:
        """Remind the supplier of a period's outcome report: due now, or overdue."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=OUTCOME_REPORTS):
                return
            planned = domain.outcome_report_notices(event)
            await store.add_notifications(
                transaction.session, planned, correlation_id=event.correlation_id, now=transaction.clock.now()
            )
        wake_dispatcher()
