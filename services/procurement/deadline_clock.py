"""The deadline clock: the service itself closes each tender when its deadline passes, and opens its bids.

Time comes from the injectable clock; a restarted service closes at once whatever deadlines passed meanwhile.
"""

import asyncio

import structlog

from services.procurement import domain
from services.procurement.store import ProcurementStore
from shared import events
from shared.events import Actor
from shared.runtime import ServiceRuntime

CLOCK = Actor(kind="system", id="procurement.deadline-clock")
log = structlog.get_logger(__name__)


class DeadlineClock:
    def __init__(self, runtime: ServiceRuntime, store: ProcurementStore, *, poll_seconds: float) -> None:
        self._runtime = runtime
        self._store = store
        self._poll_seconds = poll_seconds

    async def run(self) -> None:
        while True:
            try:
                await self.close_due_tenders()
            except Exception:
                log.exception("deadline_clock_failed")
            await asyncio.sleep(self._poll_seconds)

    async def close_due_tenders(self) -> list[str]:
        """Close every published tender whose deadline has passed; returns their ids."""
        now = self._runtime.clock.now()
        async with self._runtime.unit_of_work.begin() as transaction:
            due = await self._store.due_for_closing(transaction.session, now)
            for tender in due:
                tender.status, tender.closed_at = domain.TenderStatus.CLOSED, now
                bids = await self._store.bids(transaction.session, tender.tender_id)
                envelope = {"occurred_at": now, "correlation_id": tender.correlation_id, "actor": CLOCK}
                closed = {"tender_id": tender.tender_id, "closed_at": now, "bids_opened": len(bids)}
                opened = [bid.model_dump(exclude={"tender_id"}) for bid in bids]
                transaction.emit(events.TenderClosed(**envelope, payload=closed))
                transaction.emit(
                    events.BidsOpened(
                        **envelope, payload={"tender_id": tender.tender_id, "opened_at": now, "bids": opened}
                    )
                )
                log.info("tender_closed", tender_id=tender.tender_id, bids_opened=len(bids))
        return [tender.tender_id for tender in due]
