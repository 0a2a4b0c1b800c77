"""Kafka subscribers of the notifications service: what the events say is recorded, and who must be told what.

Handlers only record (check → decide → save), each event once; the dispatcher composes and delivers after
the commit, so a slow SMTP server never holds up a partition. Each subscriber has a consumer group of its own.
"""

from collections.abc import Callable

import structlog

from services.notifications import domain
from services.notifications.store import NotificationStore
from shared import events
from shared.runtime import ServiceRuntime

RECIPIENTS = "notifications.recipients"
TENDERS = "notifications.tenders"
BID_RECEIPTS = "notifications.bid-receipts"
AWARD_NOTICES = "notifications.award-notices"
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

    @runtime.bus.subscriber(events.TenderPublished, group=TENDERS)
    async def on_tender_published(event: events.TenderPublished) -> None:
        """Remember the tender's names; messages waiting for them can now be composed."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=TENDERS):
                return
            names = domain.tender_names(event.payload)
            await store.save_tender(transaction.session, event.payload.tender_id, names)
        wake_dispatcher()

    @runtime.bus.subscriber(events.BidReceived, group=BID_RECEIPTS)
    async def on_bid_received(event: events.BidReceived) -> None:
        """Plan the bidder's receipt, on every channel."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=BID_RECEIPTS):
                return
            planned = domain.bid_receipts(str(event.event_id), event.payload)
            store.add_notifications(transaction.session, planned, source=event, now=transaction.clock.now())
        log.info("bid_receipt_planned", tender_id=event.payload.tender_id, bidder_id=event.payload.bidder_id)
        wake_dispatcher()

    @runtime.bus.subscriber(events.AwardDecided, group=AWARD_NOTICES)
    async def on_award_decided(event: events.AwardDecided) -> None:
        """Plan an award notice to every bidder in the standings, and open the award's dispatch record."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=AWARD_NOTICES):
                return
            now = transaction.clock.now()
            planned = domain.award_notices(str(event.event_id), event.payload)
            store.add_notifications(transaction.session, planned, source=event, now=now)
            store.add_award_dispatch(transaction.session, event, now=now)
        log.info("award_notices_planned", tender_id=event.payload.tender_id, notices=len(planned))
        wake_dispatcher()
