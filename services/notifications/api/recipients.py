"""A recipient's own settings: which optional messages it wants, which tenders it follows, and its webhook's
signing secret (made by this service at the bidder's first registration, shown only to the bidder)."""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field
from sqlmodel.ext.asyncio.session import AsyncSession

from services.notifications.api.access import ensure_reader, ensure_the_bidder
from services.notifications.domain import webhooks
from services.notifications.store import NotificationStore, Recipient
from services.notifications.store.directory import new_webhook_secret
from shared.access import ActorDep
from shared.runtime import RuntimeDep

router = APIRouter(prefix="/recipients/{recipient_id}", tags=["recipients"])
store = NotificationStore()
NOT_YOURS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Not the bidder itself"},
    404: {"description": "No such recipient"},
}


class Preferences(BaseModel):
    """The optional messages, beyond those every bidder is told."""

    news_of_every_tender: bool = Field(
        description="Amendments, answers, cancellations and deadline reminders of every tender, not only of those "
        "the bidder bid on or follows"
    )
    deadline_reminders: bool = Field(description="A reminder before the deadline of a followed tender not bid on")


class RecipientProfile(BaseModel):
    recipient_id: str
    kind: str
    name: str
    email: str
    language: str
    webhook_url: str | None
    preferences: Preferences
    following: list[str] = Field(description="The tenders it follows")


class FollowedTender(BaseModel):
    tender_id: str
    since: datetime


class WebhookSettings(BaseModel):
    url: str | None = Field(description="As registered with procurement; None: no webhook")
    secret: str = Field(description="The key of the HMAC-SHA256 signatures; keep it secret")
    signature_header: str = webhooks.SIGNATURE_HEADER
    signature_format: str = "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, '<t>.<raw body>')>"
    delivery_id_header: str = webhooks.DELIVERY_HEADER
    replay_window_seconds: int = int(webhooks.REPLAY_WINDOW.total_seconds())


@router.get("", summary="A recipient's profile, preferences and followed tenders", responses=NOT_YOURS)
async def profile(recipient_id: str, actor: ActorDep, runtime: RuntimeDep) -> RecipientProfile:
    ensure_reader(actor, recipient_id)
    async with runtime.sessions() as session:
        recipient = await _recipient_or_404(session, recipient_id)
        following = [f.tender_id for f in await store.followed(session, recipient_id)]
    return RecipientProfile(
        **recipient.model_dump(include={"recipient_id", "kind", "name", "email", "language", "webhook_url"}),
        preferences=_preferences(recipient),
        following=following,
    )


@router.put("/preferences", summary="Choose the optional messages", responses=NOT_YOURS)
async def set_preferences(
    recipient_id: str, preferences: Preferences, actor: ActorDep, runtime: RuntimeDep
) -> Preferences:
    ensure_the_bidder(actor, recipient_id)
    async with runtime.unit_of_work.begin() as transaction:
        recipient = await _recipient_or_404(transaction.session, recipient_id)
        if not preferences.news_of_every_tender:
            recipient.all_tenders_since = None
        elif recipient.all_tenders_since is None:  # news from now on; a repeated "yes" keeps the first moment
            recipient.all_tenders_since = transaction.clock.now()
        recipient.reminders = preferences.deadline_reminders
        transaction.session.add(recipient)
    return _preferences(recipient)


@router.put(
    "/following/{tender_id}",
    summary="Follow a tender: its news and its deadline reminder from now on",
    responses={**NOT_YOURS, 404: {"description": "No such recipient, or no published tender with this id"}},
)
async def follow(
    recipient_id: str, tender_id: str, actor: ActorDep, runtime: RuntimeDep, request: Request
) -> FollowedTender:
    ensure_the_bidder(actor, recipient_id)
    async with runtime.unit_of_work.begin() as transaction:
        await _recipient_or_404(transaction.session, recipient_id)
        if await store.tender(transaction.session, tender_id) is None:
            raise HTTPException(404, f"no published tender {tender_id}")
        following = await store.follow(transaction.session, recipient_id, tender_id, now=transaction.clock.now())
    request.app.state.dispatcher.wake()  # within the reminder window, its reminder is due at once
    return FollowedTender(tender_id=tender_id, since=following.since)


@router.delete("/following/{tender_id}", status_code=204, summary="Stop following a tender", responses=NOT_YOURS)
async def unfollow(recipient_id: str, tender_id: str, actor: ActorDep, runtime: RuntimeDep) -> None:
    ensure_the_bidder(actor, recipient_id)
    async with runtime.unit_of_work.begin() as transaction:
        await _recipient_or_404(transaction.session, recipient_id)
        await store.unfollow(transaction.session, recipient_id, tender_id)


@router.get("/webhook", summary="The webhook's URL and signing secret (the bidder itself only)", responses=NOT_YOURS)
async def webhook(recipient_id: str, actor: ActorDep, runtime: RuntimeDep) -> WebhookSettings:
    ensure_the_bidder(actor, recipient_id)
    async with runtime.sessions() as session:
        recipient = await _recipient_or_404(session, recipient_id)
    return _webhook(recipient)


@router.post(
    "/webhook/secret",
    summary="Replace the signing secret; deliveries from now on are signed with the new one",
    responses=NOT_YOURS,
)
async def rotate_secret(recipient_id: str, actor: ActorDep, runtime: RuntimeDep) -> WebhookSettings:
    ensure_the_bidder(actor, recipient_id)
    async with runtime.unit_of_work.begin() as transaction:
        recipient = await _recipient_or_404(transaction.session, recipient_id)
        recipient.webhook_secret = new_webhook_secret()
        transaction.session.add(recipient)
    return _webhook(recipient)


async def _recipient_or_404(session: AsyncSession, recipient_id: str) -> Recipient:
    recipient = await store.recipient(session, recipient_id)
    if recipient is None:
        raise HTTPException(404, f"no recipient {recipient_id} has registered")
    return recipient


def _preferences(recipient: Recipient) -> Preferences:
    return Preferences(
        news_of_every_tender=recipient.all_tenders_since is not None, deadline_reminders=recipient.reminders
    )


def _webhook(recipient: Recipient) -> WebhookSettings:
    assert recipient.webhook_secret is not None, "every bidder gets a secret at its first registration"
    return WebhookSettings(url=recipient.webhook_url, secret=recipient.webhook_secret)
