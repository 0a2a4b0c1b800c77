"""Tender news (amendments, answered questions, cancellations) and deadline reminders: who is interested, and
what each is told.

**Interested** in a tender are the recipients who bid on it, who follow it (a bidder says so through the
notifications API: the portal does it when a bidder opens the tender's documents or asks a question), and those
who opted into news of every tender. A recipient is told the news made after its interest began; news made
before it (which it could read when it bid or followed) is not sent again. Since the events arrive on different
topics in no particular order, both sides plan: news is planned for those interested when it arrives, and a new
interest is planned the news made since it began (`news_since`). The stable ids make the two meet once.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from services.notifications.domain.planning import About, Kind, PlannedNotification, on_every_channel
from shared.events.procurement import QuestionAnswered, TenderAmended, TenderCancelled

InterestReason = Literal["bid", "follow", "all_tenders"]


@dataclass(frozen=True)
class Interest:
    recipient_id: str
    since: datetime
    reason: InterestReason


@dataclass(frozen=True)
class News:
    """Something every interested recipient is told about a tender; `occurred_at` is procurement's time of it."""

    event_id: str
    tender_id: str
    kind: Kind
    occurred_at: datetime
    facts: dict[str, Any]


def amendment_news(event: TenderAmended) -> News:
    amendment = event.payload
    facts = {
        "number": amendment.number,
        "summary": amendment.summary,
        "summary_en": amendment.summary_en,
        "changed": list(amendment.changed),
        "deadline": amendment.deadline.isoformat(),
        "deadline_before": amendment.deadline_before.isoformat(),
        "deadline_moved": amendment.deadline_moved,
        "keep_deadline_reason": amendment.keep_deadline_reason,
    }
    return News(str(event.event_id), amendment.tender_id, "tender_amended", event.occurred_at, facts)


def answer_news(event: QuestionAnswered) -> News:
    """The question and its answer, as published to all: who asked is not in the event and never in a message."""
    answered = event.payload
    facts = {
        "number": answered.number,
        "question": answered.question,
        "answer": answered.answer,
        "answered_at": answered.answered_at.isoformat(),
    }
    return News(str(event.event_id), answered.tender_id, "question_answered", event.occurred_at, facts)


def cancellation_news(event: TenderCancelled) -> News:
    cancelled = event.payload
    facts = {"reason": cancelled.reason, "cancelled_at": cancelled.cancelled_at.isoformat()}
    return News(str(event.event_id), cancelled.tender_id, "tender_cancelled", event.occurred_at, facts)


def interested_at(interests: Iterable[Interest], moment: datetime) -> list[str]:
    """The recipients whose interest in the tender began at or before `moment`, each once."""
    return sorted({interest.recipient_id for interest in interests if interest.since <= moment})


def news_notifications(news: News, recipients: Iterable[str]) -> list[PlannedNotification]:
    return on_every_channel(news.kind, news.event_id, recipients, About(news.tender_id), news.facts)


def news_since(news: Iterable[News], interest: Interest) -> list[PlannedNotification]:
    """For an interest that has just become known: the news made since it began, which it has not been told."""
    planned: list[PlannedNotification] = []
    for item in news:
        if item.occurred_at >= interest.since:
            planned += news_notifications(item, [interest.recipient_id])
    return planned


def reminder_due(deadline: datetime, now: datetime, *, hours_before: float) -> bool:
    """Within `hours_before` of the deadline and before it; never when reminders are off (0 hours)."""
    return hours_before > 0 and deadline - timedelta(hours=hours_before) <= now < deadline


def reminder_recipients(interests: Iterable[Interest], *, opted_out: Iterable[str]) -> list[str]:
    """Who is reminded of a deadline: the interested who have not bid, unless they turned reminders off."""
    interests = list(interests)
    have_bid = {interest.recipient_id for interest in interests if interest.reason == "bid"}
    watching = {interest.recipient_id for interest in interests if interest.reason != "bid"}
    return sorted(watching - have_bid - set(opted_out))


def deadline_reminders(
    tender_id: str, *, deadline: datetime, deadline_event_id: str, recipients: Iterable[str], hours_before: float
) -> list[PlannedNotification]:
    """One reminder per tender and recipient, whatever amendments later move the deadline: its id derives from
    the tender, not from the event that set the deadline (which is what it reports as its source)."""
    facts = {"deadline": deadline.isoformat(), "hours_before": hours_before}
    planned = on_every_channel(
        "deadline_reminder", f"deadline-reminder/{tender_id}", recipients, About(tender_id), facts
    )
    return [replace(notification, source_event_id=deadline_event_id) for notification in planned]
