"""Composing: a planned notification becomes a message once its recipient and its tender are both known.

Kafka gives no order across topics, so a bid receipt or an award notice may arrive before its bidder's
registration or its tender's publication. It is stored at once, planned but without words, and waits here:
nothing is lost, and it is composed on the first pass after the missing event arrived.
"""

import structlog

from services.notifications import domain
from services.notifications.dispatch import reports
from services.notifications.messages import MessageRenderer
from services.notifications.store import NotificationStore
from shared.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)


class Composer:
    def __init__(
        self, unit_of_work: UnitOfWork, store: NotificationStore, renderer: MessageRenderer, *, batch_size: int
    ) -> None:
        self._unit_of_work = unit_of_work
        self._store = store
        self._renderer = renderer
        self._batch_size = batch_size

    async def compose_ready(self) -> int:
        """Compose what has become ready, each in its own transaction: one broken message stops no other."""
        async with self._unit_of_work.begin() as transaction:
            ready = await self._store.ready_to_compose(transaction.session, limit=self._batch_size)
        composed = 0
        for notification_id in ready:
            try:
                composed += await self._compose(notification_id)
            except Exception:
                log.exception("notification_not_composed", notification_id=notification_id)
        return composed

    async def _compose(self, notification_id: str) -> bool:
        async with self._unit_of_work.begin() as transaction:
            found = await self._store.lock_to_compose(transaction.session, notification_id)
            if found is None:
                return False  # another dispatcher composed it, or is composing it now
            notification, recipient, tender = found
            to, now = recipient.addressee(), transaction.clock.now()
            words = domain.words(
                notification.kind, notification.facts, lot_id=notification.lot_id, tender=tender.names(), to=to
            )
            message = self._renderer.render(notification.kind, to.language, words)
            notification.compose(
                language=to.language, subject=message.subject, text=message.text, html=message.html, at=now
            )
            if notification.channel == "inbox":
                # Stored is delivered: the inbox is this service's own, so the message is there from now on.
                notification.mark_sent(at=now)
                transaction.emit(reports.notification_sent(notification, at=now))
            else:
                notification.next_attempt_at = now
            transaction.session.add(notification)
        return True
