"""For officers (and auditors): who was told what about a tender, when, on which channel, and what failed."""

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from services.notifications.api.access import ensure_status_reader
from services.notifications.store import AwardDispatch, Notification, NotificationStore, Recipient
from shared.access import ActorDep
from shared.runtime import RuntimeDep

router = APIRouter(tags=["officers"])
store = NotificationStore()


class NotificationStatus(BaseModel):
    notification_id: str
    source_event_id: str
    kind: str
    recipient_id: str
    recipient_name: str | None
    recipient_kind: str | None = Field(description="bidder or officer; None while the recipient is not known")
    channel: str = Field(description="email, webhook or inbox")
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
            recipient_kind=recipient.kind if recipient else None,
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
    "/tenders/{tender_id}/notifications",
    summary="Who was told what about a tender, when, on which channel, and what failed",
    responses={403: {"description": "Neither an officer nor an auditor"}},
)
async def tender_notifications(tender_id: str, actor: ActorDep, runtime: RuntimeDep) -> TenderNotifications:
    ensure_status_reader(actor)
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
