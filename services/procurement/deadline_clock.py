"""The deadline clock: the service itself closes each tender when its deadline passes and opens its bids.

Time comes from the injectable clock; a restarted service closes at once whatever deadlines passed meanwhile.
Opening is the one step that unwraps a tender's data key for all its bids; it is recorded as events (tender
closed, bids opened) in the same transaction as the opened bids.
"""

import structlog

from services.procurement import domain
from services.procurement.evaluation_requests import request_evaluation
from services.procurement.store import ProcurementStore, Tender
from services.procurement.vault import Vault, open_bid
from shared import events
from shared.events import Actor
from shared.runtime import ServiceRuntime
from shared.unit_of_work import Transaction

CLOCK = Actor(kind="system", id="procurement.deadline-clock")
log = structlog.get_logger(__name__)


class DeadlineClock:
    """Run by one replica at a time (`shared.single_instance`): a second waits for the first one's lock."""

    def __init__(self, runtime: ServiceRuntime, store: ProcurementStore, vault: Vault) -> None:
        self._runtime = runtime
        self._store = store
        self._vault = vault

    async def close_due_tenders(self) -> list[str]:
        """Close every published tender whose deadline has passed and open its bids; returns their ids."""
        now = self._runtime.clock.now()
        async with self._runtime.unit_of_work.begin() as transaction:
            due = await self._store.due_for_closing(transaction.session, now)
            for tender in due:
                await self._close(transaction, tender)
        return [tender.tender_id for tender in due]

    async def _close(self, transaction: Transaction, tender: Tender) -> None:
        now = self._runtime.clock.now()
        session = transaction.session
        tender.status, tender.closed_at = domain.TenderStatus.CLOSED, now
        key = await self._store.tender_key(session, tender.tender_id)
        assert key is not None, "every published tender has its key"
        key.opened_at = now
        bids = await self._store.bids(session, tender.tender_id)
        for bid in bids:
            bid.opened_content, bid.opened_salt = open_bid(
                self._vault, key.wrapped_key, tender_id=bid.tender_id, bid_id=bid.bid_id, sealed=bid.sealed
            )
            self._store.add(session, bid)
        self._store.add(session, key)
        envelope = {"occurred_at": now, "correlation_id": tender.correlation_id, "actor": CLOCK}
        opened = [
            {
                **bid.model_dump(include={"bid_id", "lot_id", "bidder_id", "received_at", "commitment_sha256"}),
                "salt": bid.opened_salt,
                "content": bid.opened_content,
            }
            for bid in bids
        ]
        closed = {"tender_id": tender.tender_id, "closed_at": now, "bids_opened": len(bids)}
        transaction.emit(events.TenderClosed(**envelope, payload=closed))
        transaction.emit(
            events.BidsOpened(**envelope, payload={"tender_id": tender.tender_id, "opened_at": now, "bids": opened})
        )
        log.info("tender_closed", tender_id=tender.tender_id, bids_opened=len(bids))
        if tender.auto_evaluate:
            for lot in await self._store.lots(session, tender.tender_id):
                if not domain.committee_criteria(lot.evaluation_model):
                    await request_evaluation(transaction, self._store, tender, lot, CLOCK)
