"""Sending: due e-mails and webhooks go out side by side, and each outcome is recorded right after it.

The send happens outside any database transaction. If the process dies after the other side accepted a message
and before the record, the claim runs out and the message is sent again with the same Message-ID or delivery
id, which lets the receiver drop the repeat: the one window in which a notification can go out twice.

A message to a bidder that finally fails is reported (`NotificationFailed`) and its tender's officer is told,
in the same transaction; the bidder still finds it in its inbox.
"""

import asyncio
from datetime import timedelta

import structlog

from services.notifications import domain
from services.notifications.dispatch import reports
from services.notifications.dispatch.channels import Channel
from services.notifications.network_guard import Refused
from services.notifications.settings import Settings
from services.notifications.store import Notification, NotificationStore, Recipient
from shared.crashpoints import crash_point
from shared.unit_of_work import Transaction, UnitOfWork

log = structlog.get_logger(__name__)


class Sender:
    def __init__(
        self,
        unit_of_work: UnitOfWork,
        store: NotificationStore,
        channels: dict[str, Channel],
        settings: Settings,
        random: domain.RandomSource,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._store = store
        self._channels = channels
        self._settings = settings
        self._random = random
        self._policy = domain.RetryPolicy(
            max_attempts=settings.max_attempts,
            base_seconds=settings.backoff_base_seconds,
            max_seconds=settings.backoff_max_seconds,
        )

    async def send_due(self) -> int:
        """Claim what is due and send it concurrently: a slow or failing recipient holds up no other, and a
        failure only moves that message's next attempt."""
        async with self._unit_of_work.begin() as transaction:
            now = transaction.clock.now()
            claimed = await self._store.claim_due(
                transaction.session,
                now=now,
                until=now + timedelta(seconds=self._settings.dispatch_lease_seconds),
                limit=self._settings.dispatch_batch_size,
            )
        outcomes = await asyncio.gather(*(self._send(*each) for each in claimed), return_exceptions=True)
        for (notification, _), outcome in zip(claimed, outcomes, strict=True):
            if isinstance(outcome, Exception):
                log.error("outcome_not_recorded", notification_id=notification.notification_id, exc_info=outcome)
        return len(claimed)

    async def _send(self, notification: Notification, recipient: Recipient) -> None:
        channel = self._channels[notification.channel]
        try:
            await channel.deliver(notification, recipient)
        except Exception as error:
            refused = isinstance(error, Refused)
            await self._record_failure(notification.notification_id, channel.describe(error), refused=refused)
            return
        crash_point("notifications.after_send")
        await self._record_sent(notification.notification_id)

    async def _record_sent(self, notification_id: str) -> None:
        async with self._unit_of_work.begin() as transaction:
            notification = await self._store.get(transaction.session, notification_id)
            if notification is None or notification.status != "pending":
                return  # a dispatcher whose claim had run out sent it too, and recorded it first
            now = transaction.clock.now()
            notification.mark_sent(at=now)
            transaction.session.add(notification)
            transaction.emit(reports.notification_sent(notification, at=now))
        log.info("notification_sent", notification_id=notification_id, channel=notification.channel)

    async def _record_failure(self, notification_id: str, error: str, *, refused: bool) -> None:
        async with self._unit_of_work.begin() as transaction:
            notification = await self._store.get(transaction.session, notification_id)
            if notification is None or notification.status != "pending":
                return
            now = transaction.clock.now()
            retry_at = domain.next_attempt_at(
                notification.attempts, failed_at=now, policy=self._policy, random=self._random, refused=refused
            )
            if retry_at is None:
                notification.mark_failed(at=now, error=error)
                await self._tell_failure(transaction, notification)
            else:
                notification.retry_at(retry_at, error=error)
            transaction.session.add(notification)
        log.warning(
            "notification_not_sent",
            notification_id=notification_id,
            channel=notification.channel,
            attempts=notification.attempts,
            error=error,
            next_attempt_at=retry_at.isoformat() if retry_at else None,
        )

    async def _tell_failure(self, transaction: Transaction, notification: Notification) -> None:
        """`NotificationFailed`, and for a bidder's message a notice to the tender's officer (an officer's own
        failed message is not reported to the officer again: that could go on for ever)."""
        failed = reports.notification_failed(notification, at=transaction.clock.now())
        transaction.emit(failed)
        if notification.kind in domain.OFFICER_KINDS:
            return
        session = transaction.session
        recipient = await self._store.recipient(session, notification.recipient_id)
        tender = await self._store.tender(session, notification.tender_id)
        planned = domain.failure_notices(
            str(failed.event_id),
            domain.FailedDelivery(
                notification_id=notification.notification_id,
                recipient_id=notification.recipient_id,
                recipient_name=recipient.name if recipient else notification.recipient_id,
                kind=notification.kind,
                channel=notification.channel,
                tender_id=notification.tender_id,
                lot_id=notification.lot_id,
                attempts=notification.attempts,
                error=notification.last_error or "",
                failed_at=notification.failed_at or transaction.clock.now(),
            ),
            tender.officer_id if tender else None,
        )
        await self._store.add_notifications(
            session, planned, correlation_id=notification.correlation_id, now=transaction.clock.now()
        )
