"""The channels the dispatcher delivers on: each turns a composed notification into what its way out sends.

E-mail: a MIME message with `Message-ID: <notification-id@MESSAGE_ID_DOMAIN>`. Webhook: a JSON body whose
`delivery_id` is the notification id, signed with the bidder's secret at the moment of the attempt. Both keep
the notification id on every attempt, so a receiver can drop a repeat.
"""

from typing import Any, Protocol

from services.notifications import domain
from services.notifications.domain import webhooks
from services.notifications.mailer import Email, Mailer
from services.notifications.mailer import describe as describe_email
from services.notifications.network_guard import Refused
from services.notifications.settings import Settings
from services.notifications.store import Notification, Recipient
from services.notifications.webhook import WebhookPoster
from services.notifications.webhook import describe as describe_webhook
from shared.clock import Clock


class Channel(Protocol):
    async def deliver(self, notification: Notification, recipient: Recipient) -> None:
        """Return once the other side accepted it; raise if it did not (`Refused`: and never will)."""
        ...

    def describe(self, error: Exception) -> str:
        """The failure as officers read it in the status."""
        ...


class EmailChannel:
    def __init__(self, mailer: Mailer, settings: Settings) -> None:
        self._mailer = mailer
        self._domain = settings.message_id_domain

    async def deliver(self, notification: Notification, recipient: Recipient) -> None:
        subject, text, html = _composed(notification)
        await self._mailer.send(
            Email(
                message_id=domain.message_id(notification.notification_id, self._domain),
                to_address=recipient.email,
                to_name=recipient.name,
                language=notification.language or "da",
                subject=subject,
                text=text,
                html=html,
            )
        )

    def describe(self, error: Exception) -> str:
        return describe_email(error)


class WebhookChannel:
    def __init__(self, poster: WebhookPoster, clock: Clock) -> None:
        self._poster = poster
        self._clock = clock

    async def deliver(self, notification: Notification, recipient: Recipient) -> None:
        if not recipient.webhook_url or not recipient.webhook_secret:
            raise Refused("the recipient has no webhook any more")
        body = webhooks.delivery_body(delivery_document(notification))
        timestamp = int(self._clock.now().timestamp())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Kolding-Udbud-Notifications/1",
            webhooks.DELIVERY_HEADER: notification.notification_id,
            webhooks.SIGNATURE_HEADER: webhooks.signature(recipient.webhook_secret, timestamp, body),
        }
        await self._poster.post(recipient.webhook_url, body, headers)

    def describe(self, error: Exception) -> str:
        return describe_webhook(error)


def delivery_document(notification: Notification) -> dict[str, Any]:
    """What a webhook receives: the message as the inbox holds it, and its facts for machines to read."""
    subject, text, _ = _composed(notification)
    return {
        "delivery_id": notification.notification_id,
        "kind": notification.kind,
        "recipient_id": notification.recipient_id,
        "tender_id": notification.tender_id,
        "lot_id": notification.lot_id or None,
        "source_event_id": notification.source_event_id,
        "created_at": notification.created_at.isoformat(),
        "language": notification.language,
        "subject": subject,
        "text": text,
        "facts": notification.facts,
    }


def _composed(notification: Notification) -> tuple[str, str, str]:
    subject, text, html = notification.subject, notification.body_text, notification.body_html
    if subject is None or text is None or html is None:
        raise ValueError(f"notification {notification.notification_id} was claimed before it was composed")
    return subject, text, html
