"""The notifications service on its own: events in, notifications planned and composed, inboxes and the officers'
status over HTTP (in-memory broker, SQLite; no SMTP server, so no e-mail leaves here)."""

from datetime import timedelta

from shared import events
from tests.component.notifications.conftest import Notifications
from tests.support.notification_scenario import (
    AS_OFFICER,
    GROEN,
    JOB,
    NORDIC,
    award_decided,
    bid_received,
    published,
    registered,
    the_lifecycle,
)


async def run_the_lifecycle(notifications: Notifications) -> list[events.Event]:
    """Tender, registrations and bids now; the award a month later, so inboxes have an order."""
    *before_award, award = lifecycle = the_lifecycle()
    await notifications.deliver(*before_award)
    notifications.clock.advance(timedelta(days=30))
    await notifications.deliver(award)
    await notifications.compose()
    return lifecycle


async def test_a_bid_receipt_is_in_the_bidders_inbox_in_its_language(notifications: Notifications) -> None:
    await notifications.deliver(published(), registered(NORDIC), bid_received(NORDIC))
    await notifications.compose()

    [receipt] = await notifications.inbox(NORDIC)
    assert receipt["kind"] == "bid_receipt"
    assert receipt["language"] == "en"
    assert receipt["subject"] == "Receipt for your tender: KOL-2026-017 Park maintenance in Kolding"
    assert "1 July 2026 at 12:05:03 (Copenhagen time)" in receipt["body_text"]
    assert "c0ffee" * 10 in receipt["body_html"]
    [told] = await notifications.service.told(events.NotificationSent)
    assert (told.payload.channel, told.payload.recipient_id) == ("inbox", "b-nordic")


async def test_a_receipt_waits_for_its_bidders_registration_and_is_not_lost(notifications: Notifications) -> None:
    await notifications.deliver(published(), bid_received(GROEN))
    await notifications.compose()
    waiting = (await notifications.status())["notifications"]
    assert [(n["channel"], n["status"], n["waiting_for"]) for n in waiting] == [
        ("email", "pending", ["recipient"]),
        ("inbox", "pending", ["recipient"]),
    ]

    await notifications.deliver(registered(GROEN))
    await notifications.compose()
    [receipt] = await notifications.inbox(GROEN)
    assert receipt["subject"] == "Kvittering for tilbud: KOL-2026-017 Parkpleje i Kolding"
    email = (await notifications.status())["notifications"][0]
    assert (email["channel"], email["status"], email["waiting_for"]) == ("email", "pending", [])
    assert email["next_attempt_at"] == "2026-11-26T12:00:00Z"  # due at once: the dispatcher sends it next


async def test_a_receipt_waits_for_its_tenders_publication_too(notifications: Notifications) -> None:
    await notifications.deliver(registered(JOB), bid_received(JOB))
    await notifications.compose()
    assert {tuple(n["waiting_for"]) for n in (await notifications.status())["notifications"]} == {("tender",)}
    assert await notifications.inbox(JOB) == []

    await notifications.deliver(published())
    await notifications.compose()
    assert [message["kind"] for message in await notifications.inbox(JOB)] == ["bid_receipt"]


async def test_every_bidder_finds_its_own_award_notice_first_in_its_inbox(notifications: Notifications) -> None:
    await run_the_lifecycle(notifications)

    winner, runner_up, excluded = [await notifications.inbox(bidder) for bidder in (JOB, GROEN, NORDIC)]
    assert [message["kind"] for message in winner] == ["award_notice", "bid_receipt"]
    assert "jeres tilbud har vundet" in winner[0]["body_text"]
    assert "I alt: 8,13 point (nr. 1)" in winner[0]["body_text"]
    assert "Det vindende tilbud fra Jobværkstedet ApS fik i alt 8,13 point." in runner_up[0]["body_text"]
    assert "Kvalitet: 6,00 point" in runner_up[0]["body_text"]
    assert excluded[0]["subject"] == "Award decision: KOL-2026-017 Park maintenance in Kolding"
    assert "The tender was not evaluated: late" in excluded[0]["body_text"]


async def test_officers_see_every_notification_of_the_tender_and_the_open_award_dispatch(
    notifications: Notifications,
) -> None:
    await run_the_lifecycle(notifications)

    status = await notifications.status()
    assert (status["reference"], status["title"]) == ("KOL-2026-017", "Parkpleje i Kolding")
    told = {(n["recipient_name"], n["kind"], n["channel"], n["status"], n["attempts"]) for n in status["notifications"]}
    assert told == {
        (bidder["name"], kind, channel, "sent" if channel == "inbox" else "pending", 0)
        for bidder in (GROEN, JOB, NORDIC)
        for kind in ("bid_receipt", "award_notice")
        for channel in ("email", "inbox")
    }
    [dispatch] = status["award_dispatches"]
    assert dispatch["dispatched_at"] is None  # no e-mail has gone out yet
    assert await notifications.service.told(events.AwardNoticesDispatched) == []


async def test_redelivered_events_plan_and_tell_nothing_new(notifications: Notifications) -> None:
    lifecycle = await run_the_lifecycle(notifications)
    status, told = await notifications.status(), await notifications.service.told()

    await notifications.deliver(*lifecycle)  # Kafka redelivers every event
    await notifications.compose()

    assert await notifications.status() == status
    assert await notifications.service.told() == told
    assert len([t for t in told if isinstance(t, events.NotificationSent)]) == 6  # each inbox message once


async def test_the_same_award_told_again_under_a_new_event_id_is_a_new_decision(notifications: Notifications) -> None:
    await notifications.deliver(published(), registered(JOB), award_decided(), award_decided())
    await notifications.compose()
    assert len((await notifications.status())["award_dispatches"]) == 2


async def test_the_inbox_of_a_bidder_that_never_registered_is_not_found(notifications: Notifications) -> None:
    response = await notifications.service.http.get("/recipients/nobody/inbox", headers=AS_OFFICER)
    assert response.status_code == 404


async def test_the_routes_are_documented_for_the_portal(notifications: Notifications) -> None:
    paths = (await notifications.service.http.get("/openapi.json")).json()["paths"]
    assert paths["/recipients/{recipient_id}/inbox"]["get"]["summary"].startswith("A recipient's inbox")
    assert paths["/tenders/{tender_id}/notifications"]["get"]["summary"].startswith("Who was told what")
