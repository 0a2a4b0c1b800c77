"""The notifications service's store: every read and write of its tables, inside the caller's session."""

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications import domain
from services.notifications.store.tables import AwardDispatch, Notification, Recipient, Tender
from shared.events import AwardDecided, Event
from shared.events.procurement import BidderRegisteredPayload

PENDING = "pending"


class NotificationStore:
    # -- what the handlers record --------------------------------------------------------------------------------

    async def save_recipient(self, session: AsyncSession, bidder: BidderRegisteredPayload, *, now: datetime) -> None:
        """Add the bidder to the directory, or update it: the latest registration says where to reach it."""
        recipient = await session.get(Recipient, bidder.bidder_id) or Recipient(
            recipient_id=bidder.bidder_id, name=bidder.name, email=bidder.email, registered_at=now
        )
        recipient.name, recipient.email = bidder.name, bidder.email
        recipient.webhook_url, recipient.language = bidder.webhook_url, bidder.language
        session.add(recipient)

    async def save_tender(self, session: AsyncSession, tender_id: str, names: domain.TenderNames) -> None:
        await session.merge(Tender.of(tender_id, names))

    def add_notifications(
        self, session: AsyncSession, planned: Sequence[domain.PlannedNotification], *, source: Event, now: datetime
    ) -> None:
        for notification in planned:
            session.add(
                Notification(
                    notification_id=notification.notification_id,
                    source_event_id=str(source.event_id),
                    correlation_id=source.correlation_id,
                    kind=notification.kind,
                    channel=notification.channel,
                    recipient_id=notification.recipient_id,
                    tender_id=notification.tender_id,
                    lot_id=notification.lot_id,
                    facts=notification.facts,
                    created_at=now,
                )
            )

    def add_award_dispatch(self, session: AsyncSession, award: AwardDecided, *, now: datetime) -> None:
        session.add(
            AwardDispatch(
                award_event_id=str(award.event_id),
                correlation_id=award.correlation_id,
                tender_id=award.payload.tender_id,
                lot_id=award.payload.lot_id,
                recorded_at=now,
            )
        )

    # -- what the dispatcher works on ----------------------------------------------------------------------------

    async def ready_to_compose(self, session: AsyncSession, *, limit: int) -> list[str]:
        """Notifications not yet composed whose recipient and tender are now both known, oldest first."""
        query = (
            select(Notification.notification_id)
            .join(Recipient, col(Recipient.recipient_id) == col(Notification.recipient_id))
            .join(Tender, col(Tender.tender_id) == col(Notification.tender_id))
            .where(col(Notification.status) == PENDING, col(Notification.composed_at).is_(None))
            .order_by(col(Notification.created_at), col(Notification.notification_id))
            .limit(limit)
        )
        return list((await session.exec(query)).all())

    async def lock_to_compose(
        self, session: AsyncSession, notification_id: str
    ) -> tuple[Notification, Recipient, Tender] | None:
        """The notification with what its message needs, locked; None if another process is on it or did it."""
        query = (
            select(Notification, Recipient, Tender)
            .join(Recipient, col(Recipient.recipient_id) == col(Notification.recipient_id))
            .join(Tender, col(Tender.tender_id) == col(Notification.tender_id))
            .where(col(Notification.notification_id) == notification_id, col(Notification.composed_at).is_(None))
            .with_for_update(of=Notification, skip_locked=True)
        )
        return (await session.exec(query)).first()

    async def claim_due_emails(
        self, session: AsyncSession, *, now: datetime, until: datetime, limit: int
    ) -> list[tuple[Notification, Recipient]]:
        """Reserve the e-mails due by `now` until `until`, counting the attempt: another process skips them, and
        if this one dies, they become due again when the reservation ends."""
        query = (
            select(Notification, Recipient)
            .join(Recipient, col(Recipient.recipient_id) == col(Notification.recipient_id))
            .where(
                col(Notification.status) == PENDING,
                col(Notification.channel) == "email",
                col(Notification.next_attempt_at) <= now,
            )
            .order_by(col(Notification.next_attempt_at))
            .limit(limit)
            .with_for_update(of=Notification, skip_locked=True)
        )
        claimed = list((await session.exec(query)).all())
        for notification, _ in claimed:
            notification.attempts += 1
            notification.next_attempt_at = until
            session.add(notification)
        return claimed

    async def get(self, session: AsyncSession, notification_id: str) -> Notification | None:
        return await session.get(Notification, notification_id, with_for_update=True)

    async def open_award_dispatches(self, session: AsyncSession) -> list[str]:
        query = select(AwardDispatch.award_event_id).where(col(AwardDispatch.dispatched_at).is_(None))
        return list((await session.exec(query)).all())

    async def lock_award_dispatch(self, session: AsyncSession, award_event_id: str) -> AwardDispatch | None:
        """The open dispatch record, locked, so two processes cannot both close it."""
        dispatch = await session.get(AwardDispatch, award_event_id, with_for_update=True)
        return dispatch if dispatch is not None and dispatch.dispatched_at is None else None

    async def award_emails(self, session: AsyncSession, award_event_id: str) -> list[Notification]:
        query = select(Notification).where(
            col(Notification.source_event_id) == award_event_id, col(Notification.channel) == "email"
        )
        return list((await session.exec(query)).all())

    # -- what the HTTP API shows ---------------------------------------------------------------------------------

    async def recipient(self, session: AsyncSession, recipient_id: str) -> Recipient | None:
        return await session.get(Recipient, recipient_id)

    async def tender(self, session: AsyncSession, tender_id: str) -> Tender | None:
        return await session.get(Tender, tender_id)

    async def inbox(self, session: AsyncSession, recipient_id: str) -> list[Notification]:
        """The recipient's inbox messages, newest first."""
        query = (
            select(Notification)
            .where(
                col(Notification.recipient_id) == recipient_id,
                col(Notification.channel) == "inbox",
                col(Notification.status) == "sent",
            )
            .order_by(col(Notification.sent_at).desc(), col(Notification.created_at).desc())
        )
        return list((await session.exec(query)).all())

    async def tender_notifications(
        self, session: AsyncSession, tender_id: str
    ) -> list[tuple[Notification, Recipient | None]]:
        """Every notification about the tender with its recipient (None while not registered), in order made."""
        query = (
            select(Notification, Recipient)
            .join(Recipient, col(Recipient.recipient_id) == col(Notification.recipient_id), isouter=True)
            .where(col(Notification.tender_id) == tender_id)
            .order_by(col(Notification.created_at), col(Notification.recipient_id), col(Notification.channel))
        )
        return list((await session.exec(query)).all())

    async def award_dispatches(self, session: AsyncSession, tender_id: str) -> list[AwardDispatch]:
        query = select(AwardDispatch).where(col(AwardDispatch.tender_id) == tender_id)
        return list((await session.exec(query.order_by(col(AwardDispatch.recorded_at)))).all())
