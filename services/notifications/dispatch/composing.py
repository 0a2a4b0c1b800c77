"""Composing: a planned notification becomes a message once its recipient and its tender are both known.

Kafka gives no order across topics, so a bid receipt or an award notice may arrive before its bidder's
registration or its tender's publication. It is stored at once, planned but without words, and waits here:
nothing is lost, and it is composed on the first pass after the missing event arrived.

The webhook copy of a message is made here too, when its inbox message is composed: only now is it sure
whether the recipient registered a webhook (its registration may have arrived after the event).
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

    async def _compose(self, notification_id: str) -> int:
        """Compose the notification and its siblings (the same message to the same recipient on the other
        channels), rendered once: the e-mail, the inbox message and the webhook say the same, word for word."""
        async with self._unit_of_work.begin() as transaction:
            session = transaction.session
            found = await self._store.lock_to_compose(session, notification_id)
            if found is None:
                return 0  # another dispatcher composed it, or is composing it now
            notification, recipient, tender = found
            to, now = recipient.addressee(), transaction.clock.now()
            words = domain.words(
                notification.kind, notification.facts, lot_id=notification.lot_id, tender=tender.names(), to=to
            )
            message = self._renderer.render(notification.kind, to.language, words)
            composing = [notification, *await self._store.lock_siblings_to_compose(session, notification)]
            for each in composing:
                each.compose(
                    language=to.language, subject=message.subject, text=message.text, html=message.html, at=now
                )
                if each.channel != "inbox":
                    each.next_attempt_at = now
                    session.add(each)
                    continue
                if recipient.webhook_url and recipient.kind == "bidder":
                    webhook_id = domain.copy_id(each.notification_id, "webhook")
                    session.add(each.copy_to("webhook", notification_id=webhook_id, at=now))
                # Stored is delivered: the inbox is this service's own, so the message is there from now on.
                each.mark_sent(at=now)
                session.add(each)
                transaction.emit(reports.notification_sent(each, at=now))
        return len(composing)
