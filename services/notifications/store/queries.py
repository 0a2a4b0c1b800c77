"""The notifications service's store: every read and write of its tables, inside the caller's session. The
notifications and award dispatches are here; the directory (recipients, tenders, interest, news) in `directory`."""

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications import domain
from services.notifications.store.directory import DirectoryQueries
from services.notifications.store.tables import AwardDispatch, Notification, Recipient, Tender
from shared.events import AwardDecided

PENDING = "pending"
SENT_BY_THE_DISPATCHER = ("email", "webhook")  # the inbox is delivered at composition


class NotificationStore(DirectoryQueries):
    # -- what the handlers record --------------------------------------------------------------------------------

    async def add_notifications(
        self,
        session: AsyncSession,
        planned: Sequence[domain.PlannedNotification],
        *,
        correlation_id: str,
        now: datetime,
    ) -> int:
        """Record the planned notifications that are not recorded yet (the same id is the same notification:
        news planned both when it arrived and when an interest became known meets here once); returns how many."""
        ids = [notification.notification_id for notification in planned]
        known = set(
            (
                await session.exec(
                    select(Notification.notification_id).where(col(Notification.notification_id).in_(ids))
                )
            ).all()
        )
        added = 0
        for notification in planned:
            if notification.notification_id in known:
                continue
            known.add(notification.notification_id)
            added += 1
            session.add(
                Notification(
                    notification_id=notification.notification_id,
                    source_event_id=notification.source_event_id,
                    correlation_id=correlation_id,
                    kind=notification.kind,
                    channel=notification.channel,
                    recipient_id=notification.recipient_id,
                    tender_id=notification.tender_id,
                    lot_id=notification.lot_id,
                    facts=notification.facts,
                    created_at=now,
                )
            )
        return added

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

    async def lock_siblings_to_compose(self, session: AsyncSession, notification: Notification) -> list[Notification]:
        """The same message to the same recipient on its other channels, not yet composed, locked."""
        query = (
            select(Notification)
            .where(
                col(Notification.source_event_id) == notification.source_event_id,
                col(Notification.recipient_id) == notification.recipient_id,
                col(Notification.kind) == notification.kind,
                col(Notification.notification_id) != notification.notification_id,
                col(Notification.composed_at).is_(None),
            )
            .with_for_update(skip_locked=True)
        )
        return list((await session.exec(query)).all())

    async def claim_due(
        self, session: AsyncSession, *, now: datetime, until: datetime, limit: int
    ) -> list[tuple[Notification, Recipient]]:
        """Reserve the e-mails and webhooks due by `now` until `until`, counting the attempt: another process
        skips them, and if this one dies, they become due again when the reservation ends."""
        query = (
            select(Notification, Recipient)
            .join(Recipient, col(Recipient.recipient_id) == col(Notification.recipient_id))
            .where(
                col(Notification.status) == PENDING,
                col(Notification.channel).in_(SENT_BY_THE_DISPATCHER),
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
