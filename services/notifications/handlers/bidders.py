"""Bidders: their registrations fill the recipient directory; their bids get a receipt and make them
interested in the tender (so they are told its news made since the bid)."""

from collections.abc import Callable

import structlog

from services.notifications import domain
from services.notifications.store import NotificationStore
from shared import events
from shared.runtime import ServiceRuntime

RECIPIENTS = "notifications.recipients"
BID_RECEIPTS = "notifications.bid-receipts"
log = structlog.get_logger(__name__)


def register(runtime: ServiceRuntime, store: NotificationStore, *, wake_dispatcher: Callable[[], None]) -> None:
    unit_of_work = runtime.unit_of_work

    @runtime.bus.subscriber(events.BidderRegistered, group=RECIPIENTS)
    async def on_bidder_registered(event: events.BidderRegistered) -> None:
        """Keep the recipient directory current; messages waiting for this bidder can now be composed."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=RECIPIENTS):
                return
            await store.save_recipient(transaction.session, event.payload, now=transaction.clock.now())
        wake_dispatcher()

    @runtime.bus.subscriber(events.BidReceived, group=BID_RECEIPTS)
    async def on_bid_received(event: events.BidReceived) -> None:
        """Plan the bidder's receipt, and the tender's news made since the bid that it has not been told."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=BID_RECEIPTS):
                return
            bid, session = event.payload, transaction.session
            await store.save_bid(session, bid)
            interest = domain.Interest(bid.bidder_id, bid.received_at, "bid")
            planned = [
                *domain.bid_receipts(str(event.event_id), bid),
                *domain.news_since(await store.news(session, bid.tender_id), interest),
            ]
            await store.add_notifications(
                session, planned, correlation_id=event.correlation_id, now=transaction.clock.now()
            )
        log.info("bid_receipt_planned", tender_id=bid.tender_id, bidder_id=bid.bidder_id)
        wake_dispatcher()
