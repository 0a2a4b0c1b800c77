"""Sending: due e-mails go to the SMTP server side by side, and each outcome is recorded right after it.

The send happens outside any database transaction. If the process dies after the server accepted a message and
before the record, the claim runs out and the e-mail is sent again with the same Message-ID, which lets the
receiver drop the repeat: the one window in which a notification can go out twice.
"""

import asyncio
from datetime import timedelta

import structlog

from services.notifications import domain
from services.notifications.dispatch import reports
from services.notifications.mailer import Email, Mailer, describe
from services.notifications.settings import Settings
from services.notifications.store import Notification, NotificationStore, Recipient
from shared.crashpoints import crash_point
from shared.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)


class EmailSender:
    def __init__(
        self,
        unit_of_work: UnitOfWork,
        store: NotificationStore,
        mailer: Mailer,
        settings: Settings,
        random: domain.RandomSource,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._store = store
        self._mailer = mailer
        self._settings = settings
        self._random = random
        self._policy = domain.RetryPolicy(
            max_attempts=settings.max_attempts,
            base_seconds=settings.backoff_base_seconds,
            max_seconds=settings.backoff_max_seconds,
        )

    async def send_due(self) -> int:
        """Claim the e-mails that are due and send them concurrently: a slow or failing recipient holds up no
        other, and a failure only moves that e-mail's next attempt."""
        async with self._unit_of_work.begin() as transaction:
            now = transaction.clock.now()
            claimed = await self._store.claim_due_emails(
                transaction.session,
                now=now,
                until=now + timedelta(seconds=self._settings.dispatch_lease_seconds),
                limit=self._settings.dispatch_batch_size,
            )
        outcomes = await asyncio.gather(*(self._send(*each) for each in claimed), return_exceptions=True)
        for (notification, _), outcome in zip(claimed, outcomes, strict=True):
            if isinstance(outcome, Exception):
                log.error("email_outcome_not_recorded", notification_id=notification.notification_id, exc_info=outcome)
        return len(claimed)

    async def _send(self, notification: Notification, recipient: Recipient) -> None:
        try:
            await self._mailer.send(self._email(notification, recipient))
        except Exception as error:
            await self._record_failure(notification.notification_id, describe(error))
            return
        crash_point("notifications.after_send")
        await self._record_sent(notification.notification_id)

    def _email(self, notification: Notification, recipient: Recipient) -> Email:
        subject, text, html = notification.subject, notification.body_text, notification.body_html
        if subject is None or text is None or html is None:
            raise ValueError(f"notification {notification.notification_id} was claimed before it was composed")
        return Email(
            message_id=domain.message_id(notification.notification_id, self._settings.message_id_domain),
            to_address=recipient.email,
            to_name=recipient.name,
            language=notification.language or "da",
            subject=subject,
            text=text,
            html=html,
        )

    async def _record_sent(self, notification_id: str) -> None:
        async with self._unit_of_work.begin() as transaction:
            notification = await self._store.get(transaction.session, notification_id)
            if notification is None or notification.status != "pending":
                return  # a dispatcher whose claim had run out sent it too, and recorded it first
            now = transaction.clock.now()
            notification.mark_sent(at=now)
            transaction.session.add(notification)
            transaction.emit(reports.notification_sent(notification, at=now))
        log.info("email_sent", notification_id=notification_id, attempts=notification.attempts)

    async def _record_failure(self, notification_id: str, error: str) -> None:
        async with self._unit_of_work.begin() as transaction:
            notification = await self._store.get(transaction.session, notification_id)
            if notification is None or notification.status != "pending":
                return
            now = transaction.clock.now()
            retry_at = domain.next_attempt_at(
                notification.attempts, failed_at=now, policy=self._policy, random=self._random
            )
            if retry_at is None:
                notification.mark_failed(at=now, error=error)
                transaction.emit(reports.notification_failed(notification, at=now))
            else:
                notification.retry_at(retry_at, error=error)
            transaction.session.add(notification)
        log.warning(
            "email_not_sent",
            notification_id=notification_id,
            attempts=notification.attempts,
            error=error,
            next_attempt_at=retry_at.isoformat() if retry_at else None,
        )
