"""E-mail delivery against a real SMTP server (aiosmtpd): once per notification by Message-ID, in the recipient's
language, retried with backoff, finally failed without holding up anyone else. Events go in through the
in-memory broker (no Kafka needed here); the injectable clock moves past backoff times instead of sleeping."""

import asyncio
from datetime import timedelta
from pathlib import Path

from shared import events
from shared.clock import ManualClock
from tests.integration.notifications.conftest import DOMAIN, MAX_ATTEMPTS, Notifications, notifications_service
from tests.integration.notifications.smtp_server import RecordingSmtpServer
from tests.support.notification_scenario import (
    AS_OFFICER,
    GROEN,
    JOB,
    NORDIC,
    NOW,
    bid_received,
    email_of,
    published,
    registered,
    the_lifecycle,
)


def message_id(event: events.Event, bidder: dict[str, str]) -> str:
    return f"<{email_of(event, bidder)}@{DOMAIN}>"


async def test_receipts_and_award_notices_go_out_once_each_in_the_recipients_language(
    notifications: Notifications, smtp: RecordingSmtpServer
) -> None:
    lifecycle = the_lifecycle()
    *_, award = lifecycle
    receipts = {event.payload.bidder_id: event for event in lifecycle if isinstance(event, events.BidReceived)}
    await notifications.deliver(*lifecycle)
    await notifications.dispatch()
    await notifications.deliver(*lifecycle)  # redelivered: nothing new may go out
    await notifications.dispatch_after_backoff()

    accepted = smtp.accepted_by_message_id()
    assert len(smtp.accepted) == len(accepted) == 6
    for bidder in (GROEN, JOB, NORDIC):
        receipt, notice = (
            accepted[message_id(receipts[bidder["bidder_id"]], bidder)],
            accepted[message_id(award, bidder)],
        )
        assert receipt["To"].addresses[0].addr_spec == bidder["email"]
        assert receipt["Content-Language"] == notice["Content-Language"] == bidder["language"]
    assert accepted[message_id(award, NORDIC)]["Subject"] == "Award decision: KOL-2026-017 Park maintenance in Kolding"
    danish_notice = accepted[message_id(award, GROEN)]
    assert danish_notice["Subject"] == "Tildelingsbeslutning: KOL-2026-017 Parkpleje i Kolding"
    assert "Det vindende tilbud fra Jobværkstedet ApS" in danish_notice.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "<strong>Jobværkstedet ApS</strong>" in danish_notice.get_body(("html",)).get_content()  # type: ignore[union-attr]


async def test_award_notices_dispatched_is_told_once_with_the_time_the_last_notice_went_out(
    notifications: Notifications,
) -> None:
    *before_award, award = the_lifecycle()
    await notifications.deliver(*before_award)
    await notifications.dispatch()
    notifications.clock.advance(timedelta(days=30))
    await notifications.deliver(award)
    await notifications.dispatch()
    await notifications.dispatch_after_backoff()

    [dispatched] = await notifications.told(events.AwardNoticesDispatched)
    assert dispatched.payload.award_event_id == str(award.event_id)
    assert dispatched.payload.dispatched_at == NOW + timedelta(days=30)
    sent = await notifications.told(events.NotificationSent)
    assert sorted(t.payload.channel for t in sent) == ["email"] * 6 + ["inbox"] * 6


async def test_a_restarted_service_sends_nothing_again(
    tmp_path: Path, smtp: RecordingSmtpServer, clock: ManualClock
) -> None:
    database = tmp_path / "notifications.db"
    async with notifications_service(database, smtp, clock) as before:
        await before.deliver(published(), registered(JOB), bid_received(JOB))
        await before.dispatch()
    assert len(smtp.attempts) == 1

    async with notifications_service(database, smtp, clock) as after:
        await after.dispatch_after_backoff()
    assert len(smtp.attempts) == 1


async def test_a_server_answering_451_first_gets_the_email_after_a_backoff(
    notifications: Notifications, smtp: RecordingSmtpServer
) -> None:
    smtp.refuse_first[JOB["email"]] = ["451 4.3.0 Try again later"]
    receipt = bid_received(JOB)
    await notifications.deliver(published(), registered(JOB), receipt)

    await notifications.dispatch()
    email = await notifications.email(email_of(receipt, JOB))
    assert (email.status, email.attempts, email.last_error) == ("pending", 1, "451 4.3.0 Try again later")
    assert email.next_attempt_at is not None
    assert NOW + timedelta(seconds=30) <= email.next_attempt_at <= NOW + timedelta(seconds=60)

    await notifications.dispatch()  # still within the backoff: no new attempt
    assert len(smtp.attempts) == 1

    await notifications.dispatch_after_backoff()
    email = await notifications.email(email_of(receipt, JOB))
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, None)
    assert [message_id for _, message_id in smtp.attempts] == [f"<{email.notification_id}@{DOMAIN}>"] * 2
    assert len(smtp.accepted) == 1
    [told] = [t for t in await notifications.told(events.NotificationSent) if t.payload.channel == "email"]
    assert told.payload.sent_at == notifications.clock.now()


async def test_a_recipient_the_server_always_refuses_ends_failed_while_everyone_else_is_told(
    notifications: Notifications, smtp: RecordingSmtpServer
) -> None:
    smtp.refuse_always[NORDIC["email"]] = "550 5.1.1 Mailbox unavailable"
    lifecycle = the_lifecycle()
    await notifications.deliver(*lifecycle)

    await notifications.dispatch()
    assert {message["To"].addresses[0].addr_spec for message in smtp.accepted} == {GROEN["email"], JOB["email"]}
    assert len(smtp.accepted) == 4  # the others' receipts and award notices, at the first try
    assert await notifications.told(events.NotificationFailed) == []
    assert await notifications.told(events.AwardNoticesDispatched) == []

    for _ in range(MAX_ATTEMPTS - 1):
        await notifications.dispatch_after_backoff()
    gave_up_at = notifications.clock.now()

    failed = await notifications.told(events.NotificationFailed)
    assert sorted(f.payload.message_kind for f in failed) == ["award_notice", "bid_receipt"]
    assert {(f.payload.recipient_id, f.payload.attempts, f.payload.error) for f in failed} == {
        ("b-nordic", MAX_ATTEMPTS, "550 5.1.1 Mailbox unavailable")
    }
    assert len([address for address, _ in smtp.attempts if address == NORDIC["email"]]) == 2 * MAX_ATTEMPTS
    [dispatched] = await notifications.told(events.AwardNoticesDispatched)
    assert dispatched.payload.dispatched_at == gave_up_at

    await notifications.dispatch_after_backoff()  # failed is final
    assert len([address for address, _ in smtp.attempts if address == NORDIC["email"]]) == 2 * MAX_ATTEMPTS
    to_the_officer = [m for m in smtp.accepted if m["To"].addresses[0].addr_spec == "anne.officer@kolding.dk"]
    assert (
        sorted(m["Subject"] for m in to_the_officer)
        == ["Meddelelse ikke leveret: KOL-2026-017 Parkpleje i Kolding"] * 2
    )
    assert "til Nordic Parks Ltd (b-nordic)" in to_the_officer[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    inbox = (await notifications.service.http.get("/recipients/b-nordic/inbox", headers=AS_OFFICER)).json()
    assert sorted(message["kind"] for message in inbox) == ["award_notice", "bid_receipt"]  # the inbox has them
    tender_id = lifecycle[0].payload.tender_id
    status = (await notifications.service.http.get(f"/tenders/{tender_id}/notifications", headers=AS_OFFICER)).json()
    failed_rows = [n for n in status["notifications"] if n["status"] == "failed"]
    assert {(n["recipient_id"], n["channel"], n["last_error"]) for n in failed_rows} == {
        ("b-nordic", "email", "550 5.1.1 Mailbox unavailable")
    }


async def test_the_running_dispatcher_sends_as_soon_as_a_handler_wakes_it(
    tmp_path: Path, smtp: RecordingSmtpServer, clock: ManualClock
) -> None:
    # With a 10-minute poll, only the handler's wake-up can make the loop look again within the test.
    async with notifications_service(tmp_path / "n.db", smtp, clock, dispatch_poll_seconds=600) as notifications:
        loop = asyncio.create_task(notifications.dispatcher.run())
        try:
            await asyncio.sleep(0.1)  # its first look finds nothing; now it waits
            await notifications.deliver(published(), registered(JOB), bid_received(JOB))
            assert await asyncio.to_thread(smtp.accepted_any.wait, 10)
        finally:
            loop.cancel()
    assert smtp.accepted[0]["To"].addresses[0].addr_spec == JOB["email"]
