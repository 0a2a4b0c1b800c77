"""HTTP routes of the notifications service: a recipient's inbox, and for officers who was told what per tender."""

from datetime import datetime

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from services.notifications.store import AwardDispatch, Notification, NotificationStore, Recipient
from shared.runtime import RuntimeDep

router = APIRouter()
store = NotificationStore()


class InboxMessage(BaseModel):
    notification_id: str
    kind: str = Field(description="bid_receipt or award_notice")
    tender_id: str
    lot_id: str
    language: str
    subject: str
    body_text: str
    body_html: str
    delivered_at: datetime

    @classmethod
    def of(cls, notification: Notification) -> "InboxMessage":
        return cls(
            **notification.model_dump(include={"notification_id", "kind", "tender_id", "lot_id", "language"}),
            subject=notification.subject or "",
            body_text=notification.body_text or "",
            body_html=notification.body_html or "",
            delivered_at=notification.sent_at or notification.created_at,
        )


class NotificationStatus(BaseModel):
    notification_id: str
    source_event_id: str
    kind: str
    recipient_id: str
    recipient_name: str | None
    channel: str
    status: str = Field(description="pending, sent or failed")
    waiting_for: list[str] = Field(
        description="What a pending notification still waits for before it can be composed: recipient, tender"
    )
    language: str | None
    subject: str | None
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    sent_at: datetime | None
    failed_at: datetime | None

    @classmethod
    def of(cls, notification: Notification, recipient: Recipient | None, *, tender_known: bool) -> "NotificationStatus":
        missing = {"recipient": recipient is None, "tender": not tender_known}
        waiting = notification.composed_at is None and notification.status == "pending"
        return cls(
            **notification.model_dump(exclude={"facts", "body_text", "body_html", "composed_at", "tender_id"}),
            recipient_name=recipient.name if recipient else None,
            waiting_for=[what for what, is_missing in missing.items() if waiting and is_missing],
        )


class AwardDispatchStatus(BaseModel):
    award_event_id: str
    lot_id: str
    recorded_at: datetime
    dispatched_at: datetime | None = Field(description="When the last award notice e-mail was sent or finally failed")

    @classmethod
    def of(cls, dispatch: AwardDispatch) -> "AwardDispatchStatus":
        return cls(**dispatch.model_dump(include={"award_event_id", "lot_id", "recorded_at", "dispatched_at"}))


class TenderNotifications(BaseModel):
    tender_id: str
    reference: str | None = Field(description="None until the tender's publication has arrived")
    title: str | None
    notifications: list[NotificationStatus]
    award_dispatches: list[AwardDispatchStatus]


@router.get(
    "/recipients/{recipient_id}/inbox",
    tags=["inbox"],
    summary="A recipient's inbox: its messages, newest first, in its language",
    responses={404: {"description": "No bidder with this id has registered"}},
)
async def inbox(recipient_id: str, runtime: RuntimeDep) -> list[InboxMessage]:
    async with runtime.sessions() as session:
        if await store.recipient(session, recipient_id) is None:
            raise HTTPException(404, f"no recipient {recipient_id} has registered")
        messages = await store.inbox(session, recipient_id)
    return [InboxMessage.of(message) for message in messages]


@router.get(
    "/tenders/{tender_id}/notifications",
    tags=["officers"],
    summary="Who was told what about a tender, when, on which channel, and what failed",
)
async def tender_notifications(tender_id: str, runtime: RuntimeDep) -> TenderNotifications:
    async with runtime.sessions() as session:
        tender = await store.tender(session, tender_id)
        notifications = await store.tender_notifications(session, tender_id)
        dispatches = await store.award_dispatches(session, tender_id)
    return TenderNotifications(
        tender_id=tender_id,
        reference=tender.reference if tender else None,
        title=tender.title if tender else None,
        notifications=[
            NotificationStatus.of(notification, recipient, tender_known=tender is not None)
            for notification, recipient in notifications
        ],
        award_dispatches=[AwardDispatchStatus.of(dispatch) for dispatch in dispatches],
    )
