"""The events the dispatcher tells: a notification delivered or finally failed, an award's notices dispatched.

Each is emitted in the transaction that records what it reports, so the event and the record never disagree.
"""

from datetime import datetime

from services.notifications.store import AwardDispatch, Notification
from shared import events
from shared.events import Actor

NOTIFICATIONS = Actor(kind="service", id="notifications")


def notification_sent(notification: Notification, *, at: datetime) -> events.NotificationSent:
    return events.NotificationSent(
        occurred_at=at,
        correlation_id=notification.correlation_id,
        actor=NOTIFICATIONS,
        payload={**_about(notification), "sent_at": at},
    )


def notification_failed(notification: Notification, *, at: datetime) -> events.NotificationFailed:
    return events.NotificationFailed(
        occurred_at=at,
        correlation_id=notification.correlation_id,
        actor=NOTIFICATIONS,
        payload={**_about(notification), "attempts": notification.attempts, "error": notification.last_error or ""},
    )


def award_notices_dispatched(dispatch: AwardDispatch, *, at: datetime) -> events.AwardNoticesDispatched:
    assert dispatch.dispatched_at is not None, "only a closed dispatch is reported"
    return events.AwardNoticesDispatched(
        occurred_at=at,
        correlation_id=dispatch.correlation_id,
        actor=NOTIFICATIONS,
        payload={
            "tender_id": dispatch.tender_id,
            "lot_id": dispatch.lot_id,
            "award_event_id": dispatch.award_event_id,
            "dispatched_at": dispatch.dispatched_at,
            "channel": "electronic",
        },
    )


def _about(notification: Notification) -> dict[str, str]:
    return {
        "notification_id": notification.notification_id,
        "recipient_id": notification.recipient_id,
        "channel": notification.channel,
        "message_kind": notification.kind,
        "source_event_id": notification.source_event_id,
        "tender_id": notification.tender_id,
    }
