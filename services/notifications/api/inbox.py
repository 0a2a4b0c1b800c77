"""A recipient's inbox: every message told to it, in its language, newest first. Read by the bidder itself or by
an officer; a message that failed on e-mail or webhook is here all the same."""

from datetime import datetime

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from services.notifications.api.access import ensure_reader
from services.notifications.store import Notification, NotificationStore
from shared.access import ActorDep
from shared.runtime import RuntimeDep

router = APIRouter(tags=["inbox"])
store = NotificationStore()


class InboxMessage(BaseModel):
    notification_id: str
    kind: str = Field(description="bid_receipt, tender_amended, question_answered, award_notice, …")
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


@router.get(
    "/recipients/{recipient_id}/inbox",
    summary="A recipient's inbox: its messages, newest first, in its language",
    responses={
        403: {"description": "Neither the bidder itself nor an officer"},
        404: {"description": "No recipient with this id is known"},
    },
)
async def inbox(recipient_id: str, actor: ActorDep, runtime: RuntimeDep) -> list[InboxMessage]:
    ensure_reader(actor, recipient_id)
    async with runtime.sessions() as session:
        if await store.recipient(session, recipient_id) is None:
            raise HTTPException(404, f"no recipient {recipient_id} has registered")
        messages = await store.inbox(session, recipient_id)
    return [InboxMessage.of(message) for message in messages]
