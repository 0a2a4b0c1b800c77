"""Events the notifications service publishes: what was delivered, what failed, and when award notices went out."""

from typing import ClassVar, Literal

from pydantic import AwareDatetime

from shared.events.base import Event
from shared.events.payloads import Payload

Channel = Literal["email", "webhook", "inbox"]


class NotificationSentPayload(Payload):
    notification_id: str
    recipient_id: str
    channel: Channel
    message_kind: str
    source_event_id: str
    tender_id: str | None = None
    sent_at: AwareDatetime


class NotificationSent(Event):
    topic: ClassVar[str] = "notifications.notification-sent.v1"
    key_field: ClassVar[str] = "recipient_id"
    payload: NotificationSentPayload


class NotificationFailedPayload(Payload):
    notification_id: str
    recipient_id: str
    channel: Channel
    message_kind: str
    source_event_id: str
    tender_id: str | None = None
    attempts: int
    error: str


class NotificationFailed(Event):
    topic: ClassVar[str] = "notifications.notification-failed.v1"
    key_field: ClassVar[str] = "recipient_id"
    payload: NotificationFailedPayload


class AwardNoticesDispatchedPayload(Payload):
    tender_id: str
    lot_id: str
    award_event_id: str
    dispatched_at: AwareDatetime
    channel: Literal["electronic", "letter"] = "electronic"


class AwardNoticesDispatched(Event):
    topic: ClassVar[str] = "notifications.award-notices-dispatched.v1"
    payload: AwardNoticesDispatchedPayload
