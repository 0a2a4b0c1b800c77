"""The store's directory side: recipients and their preferences, tenders as messages name them, who bid on or
follows which tender, and the tenders' news. Every read and write inside the caller's session."""

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications import domain
from services.notifications.store.tables import Bid, Following, Notification, Recipient, Tender, TenderNews
from shared.events import Event, TenderPublished
from shared.events.procurement import BidderRegisteredPayload, BidReceivedPayload


class DirectoryQueries:
    # -- recipients ----------------------------------------------------------------------------------------------

    async def save_recipient(self, session: AsyncSession, bidder: BidderRegisteredPayload, *, now: datetime) -> None:
        """Add the bidder to the directory, or update it: the latest registration says where to reach it. Its
        webhook secret is made at the first registration and kept: receivers must not lose it on an update."""
        recipient = await session.get(Recipient, bidder.bidder_id) or Recipient(
            recipient_id=bidder.bidder_id, name=bidder.name, email=bidder.email, registered_at=now
        )
        recipient.kind, recipient.name, recipient.email = "bidder", bidder.name, bidder.email
        recipient.webhook_url, recipient.language = bidder.webhook_url, bidder.language
        recipient.webhook_secret = recipient.webhook_secret or new_webhook_secret()
        session.add(recipient)

    async def save_officer(self, session: AsyncSession, officer_id: str, *, email: str, now: datetime) -> None:
        """An officer becomes a recipient when it publishes a tender; a bidder's entry is never taken over."""
        recipient = await session.get(Recipient, officer_id)
        if recipient is not None and recipient.kind != "officer":
            return
        recipient = recipient or Recipient(
            recipient_id=officer_id, kind="officer", name=officer_id, email=email, registered_at=now
        )
        recipient.email = email
        session.add(recipient)

    async def recipient(self, session: AsyncSession, recipient_id: str) -> Recipient | None:
        return await session.get(Recipient, recipient_id)

    async def opted_out_of_reminders(self, session: AsyncSession, recipient_ids: Iterable[str]) -> set[str]:
        query = select(Recipient.recipient_id).where(
            col(Recipient.recipient_id).in_(list(recipient_ids)), col(Recipient.reminders).is_(False)
        )
        return set((await session.exec(query)).all())

    # -- tenders -------------------------------------------------------------------------------------------------

    async def save_tender(self, session: AsyncSession, published: TenderPublished, *, officer_id: str) -> Tender:
        """The tender as published, with whatever amendments or cancellation arrived before its publication."""
        payload = published.payload
        tender = await session.get(Tender, payload.tender_id) or Tender(
            tender_id=payload.tender_id, reference=payload.reference, title=payload.title
        )
        tender.rename(domain.tender_names(payload))
        tender.correlation_id, tender.officer_id = published.correlation_id, officer_id
        tender.deadline, tender.deadline_event_id = payload.deadline, str(published.event_id)
        tender.amendment_number = 0
        # Amendments in number order, whatever order their events arrived in; a cancellation (no number) first.
        for news in sorted(await self._news_rows(session, payload.tender_id), key=lambda n: n.facts.get("number", 0)):
            self.fold(tender, news)
        session.add(tender)
        return tender

    async def tender(self, session: AsyncSession, tender_id: str) -> Tender | None:
        return await session.get(Tender, tender_id)

    def fold(self, tender: Tender, news: TenderNews) -> None:
        """Apply an amendment (in number order, each once) or a cancellation to the tender's read model."""
        if news.kind == "tender_cancelled":
            tender.cancelled_at = tender.cancelled_at or news.occurred_at
        elif news.kind == "tender_amended" and news.facts["number"] > tender.amendment_number:
            tender.rename(domain.amended(tender.names(), news.changes))
            tender.deadline = datetime.fromisoformat(news.facts["deadline"])
            tender.deadline_event_id, tender.amendment_number = news.event_id, news.facts["number"]

    async def tenders_to_remind(self, session: AsyncSession, *, now: datetime, hours_before: float) -> list[Tender]:
        """Open tenders whose deadline lies within `hours_before` from now (the domain has the last word)."""
        query = select(Tender).where(
            col(Tender.cancelled_at).is_(None),
            col(Tender.deadline) > now,
            col(Tender.deadline) <= now + timedelta(hours=hours_before),
        )
        return list((await session.exec(query)).all())

    # -- interest in tenders -------------------------------------------------------------------------------------

    async def save_bid(self, session: AsyncSession, bid: BidReceivedPayload) -> None:
        await session.merge(
            Bid(
                bid_id=bid.bid_id,
                tender_id=bid.tender_id,
                lot_id=bid.lot_id,
                bidder_id=bid.bidder_id,
                received_at=bid.received_at,
            )
        )

    async def follow(self, session: AsyncSession, recipient_id: str, tender_id: str, *, now: datetime) -> Following:
        """Follow a tender from now on; following again keeps the first moment."""
        following = await session.get(Following, (recipient_id, tender_id))
        if following is None:
            following = Following(recipient_id=recipient_id, tender_id=tender_id, since=now)
            session.add(following)
        return following

    async def unfollow(self, session: AsyncSession, recipient_id: str, tender_id: str) -> bool:
        following = await session.get(Following, (recipient_id, tender_id))
        if following is not None:
            await session.delete(following)
        return following is not None

    async def followed(self, session: AsyncSession, recipient_id: str) -> list[Following]:
        query = select(Following).where(col(Following.recipient_id) == recipient_id)
        return list((await session.exec(query.order_by(col(Following.since)))).all())

    async def interests(self, session: AsyncSession, tender_id: str) -> list[domain.Interest]:
        """Everyone interested in the tender, and since when: its bidders, its followers, and the recipients who
        want news of every tender."""
        bids = await session.exec(select(Bid).where(col(Bid.tender_id) == tender_id))
        follows = await session.exec(select(Following).where(col(Following.tender_id) == tender_id))
        everything = await session.exec(
            select(Recipient).where(col(Recipient.kind) == "bidder", col(Recipient.all_tenders_since).is_not(None))
        )
        return [
            *(domain.Interest(bid.bidder_id, bid.received_at, "bid") for bid in bids.all()),
            *(domain.Interest(f.recipient_id, f.since, "follow") for f in follows.all()),
            *(domain.Interest(r.recipient_id, r.all_tenders_since, "all_tenders") for r in everything.all()),  # type: ignore[arg-type]
        ]

    # -- the tenders' news ---------------------------------------------------------------------------------------

    def save_news(
        self, session: AsyncSession, news: domain.News, *, source: Event, changes: dict[str, Any]
    ) -> TenderNews:
        row = TenderNews(
            event_id=news.event_id,
            tender_id=news.tender_id,
            kind=news.kind,
            occurred_at=news.occurred_at,
            correlation_id=source.correlation_id,
            facts=news.facts,
            changes=changes,
        )
        session.add(row)
        return row

    async def news(self, session: AsyncSession, tender_id: str) -> list[domain.News]:
        return [row.news() for row in await self._news_rows(session, tender_id)]

    async def _news_rows(self, session: AsyncSession, tender_id: str) -> list[TenderNews]:
        query = select(TenderNews).where(col(TenderNews.tender_id) == tender_id).order_by(col(TenderNews.occurred_at))
        return list((await session.exec(query)).all())

    # -- who was told of an award --------------------------------------------------------------------------------

    async def award_recipients(self, session: AsyncSession, award_event_id: str) -> list[str]:
        """The bidders an award decision's notices went to."""
        query = select(Notification.recipient_id).where(
            col(Notification.source_event_id) == award_event_id, col(Notification.kind) == "award_notice"
        )
        return sorted(set((await session.exec(query)).all()))

    async def lot_bidders(self, session: AsyncSession, tender_id: str, lot_id: str) -> list[str]:
        """Everyone who bid on the lot: from the receipts, and from the lot's award notices."""
        bids = select(Bid.bidder_id).where(col(Bid.tender_id) == tender_id, col(Bid.lot_id) == lot_id)
        noticed = select(Notification.recipient_id).where(
            col(Notification.tender_id) == tender_id,
            col(Notification.lot_id) == lot_id,
            col(Notification.kind) == "award_notice",
        )
        return sorted(set((await session.exec(bids)).all()) | set((await session.exec(noticed)).all()))

    async def assign_officer(self, session: AsyncSession, tender_id: str, officer_id: str) -> None:
        """Officers' messages planned before the tender's publication arrived now know their recipient."""
        await session.exec(
            update(Notification)
            .where(col(Notification.tender_id) == tender_id, col(Notification.recipient_id) == domain.UNKNOWN_OFFICER)
            .values(recipient_id=officer_id)
        )


def new_webhook_secret() -> str:
    """32 random bytes, hex: the key of a bidder's webhook signatures."""
    return secrets.token_hex(32)
