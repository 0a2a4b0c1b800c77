"""A tender's news (amendments, answers, cancellation) and deadline reminders reach those interested in it: the
bidders that bid on it, the recipients that follow it or want news of every tender; nobody else, each once,
whatever order the events arrive in."""

from datetime import timedelta

from shared import events
from tests.component.notifications.conftest import Notifications
from tests.support.notification_scenario import (
    DEADLINE,
    GROEN,
    JOB,
    NORDIC,
    NOW,
    TENDER_ID,
    amended,
    answered,
    as_bidder,
    bid_received,
    cancelled,
    published,
    registered,
)

BEFORE = NOW - timedelta(days=1)


async def follow(notifications: Notifications, bidder: dict[str, str]) -> None:
    url = f"/recipients/{bidder['bidder_id']}/following/{TENDER_ID}"
    response = await notifications.service.http.put(url, headers=as_bidder(bidder))
    assert response.status_code == 200, response.text


async def news_of_every_tender(notifications: Notifications, bidder: dict[str, str], *, reminders: bool = True) -> None:
    body = {"news_of_every_tender": True, "deadline_reminders": reminders}
    url = f"/recipients/{bidder['bidder_id']}/preferences"
    response = await notifications.service.http.put(url, json=body, headers=as_bidder(bidder))
    assert response.status_code == 200, response.text


async def test_an_amendment_reaches_the_bidders_and_followers_of_the_tender_and_no_one_else(
    notifications: Notifications,
) -> None:
    await notifications.deliver(published(), *(registered(b) for b in (GROEN, JOB, NORDIC)))
    await notifications.deliver(bid_received(JOB, at=BEFORE))
    await follow(notifications, GROEN)
    notifications.clock.advance(timedelta(minutes=1))
    await notifications.deliver(amended(at=NOW + timedelta(minutes=1)))
    await notifications.compose()

    [to_job] = [m for m in await notifications.inbox(JOB) if m["kind"] == "tender_amended"]
    assert to_job["subject"] == "Rettelse 1 til udbuddet: KOL-2026-017 Parkpleje i Kolding"
    assert "Tilbudsfristen er nu 28. december 2026 kl. 13:00:00 (dansk tid)." in to_job["body_text"]
    assert await notifications.kinds_told(GROEN) == ["tender_amended"]
    assert await notifications.kinds_told(NORDIC) == []  # registered, but neither bid nor follows


async def test_news_made_before_a_bid_arrived_here_still_reaches_the_bidder(notifications: Notifications) -> None:
    # The bid was made before the answer, but its receipt comes in after it (another topic, no order).
    await notifications.deliver(published(), registered(JOB), answered(at=NOW), bid_received(JOB, at=BEFORE))
    await notifications.compose()

    answers = [m for m in await notifications.inbox(JOB) if m["kind"] == "question_answered"]
    assert len(answers) == 1
    assert "Svar:\nJa, hver delaftale tildeles for sig." in answers[0]["body_text"]


async def test_a_bidder_that_bid_after_the_news_is_not_sent_it_again(notifications: Notifications) -> None:
    await notifications.deliver(published(), registered(JOB), answered(at=BEFORE), bid_received(JOB, at=NOW))
    await notifications.compose()
    assert await notifications.kinds_told(JOB) == ["bid_receipt"]


async def test_an_amendment_before_the_publication_arrived_names_the_tender_as_amended(
    notifications: Notifications,
) -> None:
    await notifications.deliver(registered(NORDIC), bid_received(NORDIC, at=BEFORE))
    await notifications.deliver(amended(title="Parkpleje og snerydning"))
    await notifications.deliver(published())  # arrives last
    await notifications.compose()

    messages = await notifications.inbox(NORDIC)
    amendment = next(m for m in messages if m["kind"] == "tender_amended")
    assert amendment["subject"] == "Amendment 1 to the procurement: KOL-2026-017 Park maintenance in Kolding"
    assert "The amount of mowing has been corrected" in amendment["body_text"]
    status = await notifications.status()
    assert status["title"] == "Parkpleje og snerydning"


async def test_a_cancellation_reaches_everyone_interested_and_stops_the_reminder(notifications: Notifications) -> None:
    await notifications.deliver(published(), registered(GROEN), registered(JOB))
    await notifications.deliver(bid_received(JOB, at=BEFORE))
    await follow(notifications, GROEN)
    await notifications.deliver(cancelled(at=NOW))
    notifications.clock.set(DEADLINE - timedelta(hours=1))
    await notifications.compose()

    assert await notifications.kinds_told(GROEN) == ["tender_cancelled"]  # and no reminder
    [to_job] = [m for m in await notifications.inbox(JOB) if m["kind"] == "tender_cancelled"]
    assert "Begrundelse: Behovet er bortfaldet" in to_job["body_text"]


async def test_a_follower_that_has_not_bid_is_reminded_once_48_hours_before_the_deadline(
    notifications: Notifications,
) -> None:
    await notifications.deliver(published(), *(registered(b) for b in (GROEN, JOB, NORDIC)))
    await follow(notifications, GROEN)
    await follow(notifications, JOB)
    await notifications.deliver(bid_received(JOB, at=NOW))  # follows, but has bid: not reminded
    await news_of_every_tender(notifications, NORDIC, reminders=False)  # interested, but wants no reminders

    notifications.clock.set(DEADLINE - timedelta(hours=48, seconds=1))
    await notifications.compose()
    assert await notifications.kinds_told(GROEN) == []

    notifications.clock.advance(timedelta(seconds=1))
    await notifications.compose()
    notifications.clock.advance(timedelta(hours=1))
    await notifications.compose()  # a later pass plans nothing more

    [reminder] = await notifications.inbox(GROEN)
    assert reminder["kind"] == "deadline_reminder"
    assert (
        "Tilbudsfristen i udbuddet KOL-2026-017 Parkpleje i Kolding er\n26. december 2026 kl. 13:00:00"
        in (reminder["body_text"])
    )
    assert "deadline_reminder" not in await notifications.kinds_told(JOB)
    assert await notifications.kinds_told(NORDIC) == []
    reminders = [n for n in (await notifications.status())["notifications"] if n["kind"] == "deadline_reminder"]
    assert [(n["recipient_id"], n["channel"]) for n in reminders] == [("b-groen", "email"), ("b-groen", "inbox")]


async def test_a_deadline_moved_by_an_amendment_moves_the_reminder_but_sends_no_second_one(
    notifications: Notifications,
) -> None:
    await notifications.deliver(published(), registered(GROEN))
    await follow(notifications, GROEN)
    notifications.clock.set(DEADLINE - timedelta(hours=47))
    await notifications.compose()  # reminded of the first deadline
    await notifications.deliver(amended(at=notifications.clock.now()))  # moved two days later
    notifications.clock.set(DEADLINE + timedelta(days=2) - timedelta(hours=47))
    await notifications.compose()

    assert sorted(await notifications.kinds_told(GROEN)) == ["deadline_reminder", "tender_amended"]


async def test_a_recipient_with_news_of_every_tender_gets_the_answers_of_a_tender_it_never_touched(
    notifications: Notifications,
) -> None:
    await notifications.deliver(published(), registered(NORDIC))
    await news_of_every_tender(notifications, NORDIC)
    notifications.clock.advance(timedelta(minutes=5))
    await notifications.deliver(answered(at=notifications.clock.now()))
    await notifications.compose()

    [answer] = await notifications.inbox(NORDIC)
    assert answer["subject"] == "Answer to question 1: KOL-2026-017 Park maintenance in Kolding"


async def test_redelivered_news_plans_and_tells_nothing_new(notifications: Notifications) -> None:
    news = [amended(), answered(), cancelled()]
    await notifications.deliver(published(), registered(JOB), bid_received(JOB, at=BEFORE), *news)
    await notifications.compose()
    status, told = await notifications.status(), await notifications.service.told()

    await notifications.deliver(*news)
    await notifications.compose()

    assert await notifications.status() == status
    assert await notifications.service.told() == told
    assert len([t for t in told if isinstance(t, events.NotificationSent)]) == 4  # receipt and three news, inbox
