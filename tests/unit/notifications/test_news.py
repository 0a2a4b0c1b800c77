"""Tender news and deadline reminders: who is interested, who is told which news, and who is reminded when."""

from datetime import UTC, datetime, timedelta

import pytest

from services.notifications import domain
from shared import events
from shared.events import Actor

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
OFFICER = Actor(kind="user", id="anne@kolding.dk", role="officer")


def amended(*, moved: bool = False) -> events.TenderAmended:
    payload = {
        "tender_id": "T-1",
        "amendment_id": "a-1",
        "number": 2,
        "summary": "Mængden af græsslåning er rettet",
        "summary_en": None,
        "changed": ["description", "deadline"],
        "deadline": DEADLINE + timedelta(days=2),
        "deadline_before": DEADLINE,
        "deadline_moved": moved,
    }
    return events.TenderAmended(occurred_at=T0, correlation_id="c", actor=OFFICER, payload=payload)


def interest(recipient: str, since: datetime, reason: domain.InterestReason = "follow") -> domain.Interest:
    return domain.Interest(recipient, since, reason)


def test_an_amendment_states_what_changed_and_the_deadline_before_and_after() -> None:
    news = domain.amendment_news(amended(moved=True))
    assert (news.kind, news.tender_id, news.occurred_at) == ("tender_amended", "T-1", T0)
    assert news.facts["changed"] == ["description", "deadline"]
    assert news.facts["deadline"] == "2026-12-03T11:00:00+00:00"
    assert news.facts["deadline_before"] == "2026-12-01T11:00:00+00:00"
    assert news.facts["deadline_moved"] is True


def test_an_answer_carries_the_question_and_the_answer_and_nobody_who_asked() -> None:
    payload = {
        "tender_id": "T-1",
        "question_id": "q-1",
        "number": 3,
        "question": "Må vi byde på delaftale 1 alene?",
        "answer": "Ja.",
        "answered_at": T0,
    }
    answered = events.QuestionAnswered(occurred_at=T0, correlation_id="c", actor=OFFICER, payload=payload)
    news = domain.answer_news(answered)
    assert news.facts == {
        "number": 3,
        "question": "Må vi byde på delaftale 1 alene?",
        "answer": "Ja.",
        "answered_at": "2026-11-02T09:00:00+00:00",
    }


def test_news_is_told_to_those_interested_when_it_was_made_each_once() -> None:
    interests = [
        interest("b-bid", T0 - timedelta(days=3), "bid"),
        interest("b-bid", T0 - timedelta(days=1), "follow"),  # bid and follows: one recipient
        interest("b-follows", T0, "follow"),  # began at the very moment: told
        interest("b-later", T0 + timedelta(seconds=1), "bid"),  # bid after the news, which it could read
        interest("b-all", T0 - timedelta(days=30), "all_tenders"),
    ]
    assert domain.interested_at(interests, T0) == ["b-all", "b-bid", "b-follows"]


def test_news_goes_to_every_interested_recipient_on_every_channel_with_stable_ids() -> None:
    news = domain.amendment_news(amended())
    planned = domain.news_notifications(news, ["b-1", "b-2"])
    assert [(p.recipient_id, p.channel, p.kind, p.lot_id) for p in planned] == [
        ("b-1", "email", "tender_amended", ""),
        ("b-1", "inbox", "tender_amended", ""),
        ("b-2", "email", "tender_amended", ""),
        ("b-2", "inbox", "tender_amended", ""),
    ]
    assert planned[0].notification_id == domain.notification_id(news.event_id, "b-1", "email")


def test_an_interest_learnt_late_is_told_the_news_made_since_it_began_and_no_older() -> None:
    older = domain.News("e-old", "T-1", "question_answered", T0 - timedelta(hours=1), {})
    newer = domain.News("e-new", "T-1", "tender_amended", T0 + timedelta(hours=1), {})
    planned = domain.news_since([older, newer], interest("b-1", T0, "bid"))
    assert {p.source_event_id for p in planned} == {"e-new"}
    # the same notifications as if the news had found the interest already recorded
    assert {p.notification_id for p in planned} == {
        p.notification_id for p in domain.news_notifications(newer, ["b-1"])
    }


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (DEADLINE - timedelta(hours=48, seconds=1), False),
        (DEADLINE - timedelta(hours=48), True),
        (DEADLINE - timedelta(minutes=1), True),
        (DEADLINE, False),  # the deadline has passed: a reminder would be pointless
    ],
)
def test_a_reminder_is_due_within_its_lead_time_before_the_deadline(now: datetime, due: bool) -> None:
    assert domain.reminder_due(DEADLINE, now, hours_before=48) is due


def test_reminders_can_be_switched_off_with_zero_hours() -> None:
    assert domain.reminder_due(DEADLINE, DEADLINE - timedelta(minutes=1), hours_before=0) is False


def test_only_the_interested_who_have_not_bid_and_want_reminders_are_reminded() -> None:
    interests = [
        interest("b-follows", T0),
        interest("b-bid", T0, "bid"),
        interest("b-bid", T0, "follow"),  # follows and has bid: not reminded
        interest("b-all", T0, "all_tenders"),
        interest("b-quiet", T0),
    ]
    assert domain.reminder_recipients(interests, opted_out={"b-quiet"}) == ["b-all", "b-follows"]


def test_a_reminder_is_once_per_tender_and_recipient_whatever_event_set_the_deadline() -> None:
    first = domain.deadline_reminders(
        "T-1", deadline=DEADLINE, deadline_event_id="e-published", recipients=["b-1"], hours_before=48
    )
    after_amendment = domain.deadline_reminders(
        "T-1", deadline=DEADLINE + timedelta(days=2), deadline_event_id="e-amended", recipients=["b-1"], hours_before=48
    )
    assert [p.notification_id for p in first] == [p.notification_id for p in after_amendment]
    assert {p.source_event_id for p in after_amendment} == {"e-amended"}
    assert first[0].facts == {"deadline": "2026-12-01T11:00:00+00:00", "hours_before": 48}
