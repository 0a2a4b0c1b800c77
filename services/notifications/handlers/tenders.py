"""Tenders: the publication names the tender and its officer; amendments, answered questions and cancellations
are news for everyone interested in the tender."""

from collections.abc import Callable
from typing import Any

import structlog

from services.notifications import domain
from services.notifications.settings import Settings
from services.notifications.store import NotificationStore
from shared import events
from shared.runtime import ServiceRuntime
from shared.unit_of_work import Transaction

TENDERS = "notifications.tenders"
AMENDMENTS = "notifications.amendments"
ANSWERS = "notifications.answers"
CANCELLATIONS = "notifications.cancellations"
log = structlog.get_logger(__name__)


def register(
    runtime: ServiceRuntime, store: NotificationStore, settings: Settings, *, wake_dispatcher: Callable[[], None]
) -> None:
    unit_of_work = runtime.unit_of_work

    @runtime.bus.subscriber(events.TenderPublished, group=TENDERS)
    async def on_tender_published(event: events.TenderPublished) -> None:
        """Remember the tender's names, deadline and officer; messages waiting for them can now be composed."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=TENDERS):
                return
            session, officer_id = transaction.session, event.actor.id
            await store.save_tender(session, event, officer_id=officer_id)
            email = domain.officer_email(officer_id, settings.officers_email)
            await store.save_officer(session, officer_id, email=email, now=transaction.clock.now())
            await store.assign_officer(session, event.payload.tender_id, officer_id)
        wake_dispatcher()

    @runtime.bus.subscriber(events.TenderAmended, group=AMENDMENTS)
    async def on_tender_amended(event: events.TenderAmended) -> None:
        """What changed and the deadline after it, to everyone interested."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=AMENDMENTS):
                return
            changes = domain.amendment_changes(event.payload)
            await record_news(store, transaction, domain.amendment_news(event), event, changes)
        wake_dispatcher()

    @runtime.bus.subscriber(events.QuestionAnswered, group=ANSWERS)
    async def on_question_answered(event: events.QuestionAnswered) -> None:
        """The question and its answer, to everyone interested (who asked is not in the event)."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=ANSWERS):
                return
            await record_news(store, transaction, domain.answer_news(event), event, {})
        wake_dispatcher()

    @runtime.bus.subscriber(events.TenderCancelled, group=CANCELLATIONS)
    async def on_tender_cancelled(event: events.TenderCancelled) -> None:
        """The cancellation and its reason, to everyone interested; no reminder is planned for it any more."""
        async with unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(event, consumer=CANCELLATIONS):
                return
            await record_news(store, transaction, domain.cancellation_news(event), event, {})
        wake_dispatcher()


async def record_news(
    store: NotificationStore,
    transaction: Transaction,
    news: domain.News,
    source: events.Event,
    changes: dict[str, Any],
) -> None:
    """Keep the news (for interests that become known later), fold it into the tender, and plan it for
    everyone interested in the tender when it was made."""
    session = transaction.session
    row = store.save_news(session, news, source=source, changes=changes)
    tender = await store.tender(session, news.tender_id)
    if tender is not None:  # else its publication folds the news in when it arrives
        store.fold(tender, row)
        session.add(tender)
    told = domain.interested_at(await store.interests(session, news.tender_id), news.occurred_at)
    planned = domain.news_notifications(news, told)
    await store.add_notifications(session, planned, correlation_id=source.correlation_id, now=transaction.clock.now())
    log.info("news_planned", kind=news.kind, tender_id=news.tender_id, recipients=len(told))
