"""Webhook delivery against a real HTTP receiver: signed JSON in the recipient's language, once per delivery id,
retried with backoff, finally failed (and the officer told) without holding anyone else up; and never to an
address a webhook may not reach, however its host name resolves."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.notifications.domain import copy_id, notification_id, webhooks
from shared import events
from shared.clock import ManualClock
from tests.integration.notifications.conftest import MAX_ATTEMPTS, Notifications, Resolver, notifications_service
from tests.integration.notifications.smtp_server import RecordingSmtpServer
from tests.integration.notifications.webhook_receiver import RecordingWebhookReceiver
from tests.support.notification_scenario import (
    AS_OFFICER,
    GROEN,
    JOB,
    NORDIC,
    NOW,
    TENDER_ID,
    as_bidder,
    award_decided,
    bid_received,
    published,
    registered,
)

# Names no real DNS knows: only the test's resolver does, so a delivery that arrives went to the checked address.
HOSTS = {
    "hooks.groen.test": ["127.0.0.1"],
    "hooks.job.test": ["127.0.0.1"],
    "hooks.nordic.test": ["127.0.0.1"],
    "metadata.hooks.test": ["169.254.169.254"],
    "intranet.hooks.test": ["10.0.0.1"],
    "rebinding.hooks.test": ["127.0.0.1", "169.254.169.254"],  # the receiver first, the metadata service second
}


def with_webhook(bidder: dict[str, str], receiver: RecordingWebhookReceiver, host: str) -> dict[str, str]:
    return {**bidder, "webhook_url": receiver.url(f"/{bidder['bidder_id']}", host=host)}


def webhook_of(event: events.Event, bidder: dict[str, str]) -> str:
    return copy_id(notification_id(str(event.event_id), bidder["bidder_id"], "inbox"), "webhook")


@pytest.fixture
def resolver() -> Resolver:
    return Resolver(HOSTS)


@pytest.fixture
async def notifications(
    tmp_path: Path, smtp: RecordingSmtpServer, clock: ManualClock, resolver: Resolver
) -> AsyncIterator[Notifications]:
    async with notifications_service(
        tmp_path / "n.db", smtp, clock, resolver, webhook_allow_http=True, webhook_allow_private=True
    ) as service:
        yield service


async def secret_of(notifications: Notifications, bidder: dict[str, str]) -> str:
    response = await notifications.service.http.get(
        f"/recipients/{bidder['bidder_id']}/webhook", headers=as_bidder(bidder)
    )
    assert response.status_code == 200, response.text
    return str(response.json()["secret"])


async def test_a_webhook_gets_the_message_signed_in_its_language_once_however_often_the_event_comes(
    notifications: Notifications, receiver: RecordingWebhookReceiver, resolver: Resolver
) -> None:
    nordic = with_webhook(NORDIC, receiver, "hooks.nordic.test")
    award = award_decided()
    lifecycle = [published(), registered(nordic), bid_received(NORDIC), award]
    await notifications.deliver(*lifecycle)
    await notifications.dispatch()
    await notifications.deliver(*lifecycle)  # redelivered: nothing new may go out
    await notifications.dispatch_after_backoff()

    assert len(receiver.received) == len(receiver.accepted_by_delivery_id()) == 2  # receipt and award notice
    notice = receiver.accepted_by_delivery_id()[webhook_of(award, NORDIC)]
    assert notice.path == "/b-nordic"
    assert notice.headers["Host"] == f"hooks.nordic.test:{receiver.port}"  # the name, though the address was pinned
    assert notice.headers["X-Delivery-Id"] == notice.delivery_id
    assert notice.headers["Content-Type"] == "application/json"
    secret = await secret_of(notifications, NORDIC)
    now = int(NOW.timestamp())
    assert notice.headers["X-Signature"] == webhooks.signature(secret, now, notice.body)
    assert webhooks.verify(secret, notice.headers["X-Signature"], notice.body, now=now)
    document = notice.document
    assert (document["kind"], document["language"], document["tender_id"], document["lot_id"]) == (
        "award_notice",
        "en",
        TENDER_ID,
        "1",
    )
    assert document["subject"] == "Award decision: KOL-2026-017 Park maintenance in Kolding"
    assert "The tender was not evaluated: late" in document["text"]
    assert document["facts"]["winner_name"] == "Jobværkstedet ApS"
    assert document["source_event_id"] == str(award.event_id)
    assert resolver.asked == ["hooks.nordic.test"] * 2  # resolved once per connection, by our resolver alone
    sent = [t.payload for t in await notifications.told(events.NotificationSent) if t.payload.channel == "webhook"]
    assert sorted(p.message_kind for p in sent) == ["award_notice", "bid_receipt"]


async def test_a_webhook_answering_500_first_gets_the_message_after_a_backoff_with_the_same_id(
    notifications: Notifications, receiver: RecordingWebhookReceiver
) -> None:
    receiver.answer_first["/b-job"] = [500]
    receipt = bid_received(JOB)
    await notifications.deliver(published(), registered(with_webhook(JOB, receiver, "hooks.job.test")), receipt)

    await notifications.dispatch()
    webhook = await notifications.notification(webhook_of(receipt, JOB))
    assert (webhook.status, webhook.attempts, webhook.last_error) == ("pending", 1, "HTTP 500 Internal Server Error")

    await notifications.dispatch_after_backoff()
    webhook = await notifications.notification(webhook_of(receipt, JOB))
    assert (webhook.status, webhook.attempts) == ("sent", 2)
    assert [d.delivery_id for d in receiver.received] == [webhook.notification_id] * 2
    assert len(receiver.accepted()) == 1


async def test_a_webhook_answering_500_for_ever_fails_while_every_other_message_arrives_on_time(
    notifications: Notifications, receiver: RecordingWebhookReceiver, smtp: RecordingSmtpServer
) -> None:
    receiver.answer_always["/b-groen"] = 500
    bidders = {"hooks.groen.test": GROEN, "hooks.job.test": JOB, "hooks.nordic.test": NORDIC}
    award = award_decided()
    await notifications.deliver(
        published(), *(registered(with_webhook(b, receiver, host)) for host, b in bidders.items()), award
    )

    await notifications.dispatch()
    assert {d.path for d in receiver.accepted()} == {"/b-job", "/b-nordic"}  # at the first pass
    assert len(smtp.accepted) == 3  # every award e-mail, Grøn Service's included
    [dispatched] = await notifications.told(events.AwardNoticesDispatched)
    assert dispatched.payload.dispatched_at == NOW  # a failing webhook holds no award back

    for _ in range(MAX_ATTEMPTS - 1):
        await notifications.dispatch_after_backoff()
    await notifications.dispatch()  # the officer's notice of the failure goes out

    assert len(receiver.to("/b-groen")) == MAX_ATTEMPTS
    [failed] = await notifications.told(events.NotificationFailed)
    assert (failed.payload.recipient_id, failed.payload.channel, failed.payload.attempts, failed.payload.error) == (
        "b-groen",
        "webhook",
        MAX_ATTEMPTS,
        "HTTP 500 Internal Server Error",
    )
    webhooks_sent = [n for n in await notifications.on_channel("webhook") if n.status == "sent"]
    assert {(n.recipient_id, n.sent_at) for n in webhooks_sent} == {("b-job", NOW), ("b-nordic", NOW)}
    [to_officer] = [m for m in smtp.accepted if m["To"].addresses[0].addr_spec == "anne.officer@kolding.dk"]
    assert "kunne ikke leveres som webhook" in to_officer.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    inbox = (await notifications.service.http.get("/recipients/b-groen/inbox", headers=AS_OFFICER)).json()
    assert [m["kind"] for m in inbox] == ["award_notice"]  # the bidder still has it


async def test_a_host_that_resolves_to_the_metadata_service_is_refused_even_next_to_an_allowed_address(
    notifications: Notifications, receiver: RecordingWebhookReceiver
) -> None:
    receipts = {bidder["bidder_id"]: bid_received(bidder) for bidder in (GROEN, JOB, NORDIC)}
    hosts = {"b-groen": "metadata.hooks.test", "b-job": "rebinding.hooks.test", "b-nordic": "hooks.nordic.test"}
    await notifications.deliver(
        published(),
        *(registered(with_webhook(b, receiver, hosts[b["bidder_id"]])) for b in (GROEN, JOB, NORDIC)),
        *receipts.values(),
    )
    await notifications.dispatch()

    assert [d.path for d in receiver.received] == ["/b-nordic"]  # the rebinding name never reached the receiver
    for bidder, refusal in (
        (GROEN, "metadata.hooks.test is not reachable for webhooks: 169.254.169.254 is a cloud metadata address"),
        (JOB, "rebinding.hooks.test is not reachable for webhooks: 169.254.169.254 is a cloud metadata address"),
    ):
        webhook = await notifications.notification(webhook_of(receipts[bidder["bidder_id"]], bidder))
        assert (webhook.status, webhook.attempts, webhook.last_error) == ("failed", 1, f"refused: {refusal}")
    assert sorted(f.payload.recipient_id for f in await notifications.told(events.NotificationFailed)) == [
        "b-groen",
        "b-job",
    ]


async def test_without_allowing_private_addresses_a_private_or_loopback_host_is_refused(
    tmp_path: Path, smtp: RecordingSmtpServer, clock: ManualClock, receiver: RecordingWebhookReceiver
) -> None:
    hosts = {"b-groen": "intranet.hooks.test", "b-job": "hooks.job.test"}  # 10.0.0.1; the live receiver
    async with notifications_service(tmp_path / "n.db", smtp, clock, Resolver(HOSTS), webhook_allow_http=True) as n:
        await n.deliver(
            published(), *(registered(with_webhook(b, receiver, hosts[b["bidder_id"]])) for b in (GROEN, JOB))
        )
        await n.deliver(bid_received(GROEN), bid_received(JOB))
        await n.dispatch()
        status = await n.status(TENDER_ID)

    assert receiver.received == []
    refused = {row["recipient_id"]: row for row in status["notifications"] if row["channel"] == "webhook"}
    assert refused["b-groen"]["status"] == refused["b-job"]["status"] == "failed"
    assert refused["b-groen"]["last_error"].endswith("10.0.0.1 is a private address")
    assert refused["b-job"]["last_error"].endswith("127.0.0.1 is a loopback address")
    assert len(smtp.accepted) == 2  # their e-mails went out all the same


async def test_a_plain_http_webhook_is_refused_unless_allowed(
    tmp_path: Path, smtp: RecordingSmtpServer, clock: ManualClock, receiver: RecordingWebhookReceiver
) -> None:
    async with notifications_service(tmp_path / "n.db", smtp, clock, Resolver(HOSTS), webhook_allow_private=True) as n:
        receipt = bid_received(JOB)
        await n.deliver(published(), registered(with_webhook(JOB, receiver, "hooks.job.test")), receipt)
        await n.dispatch()
        webhook = await n.notification(webhook_of(receipt, JOB))
    assert (webhook.status, webhook.last_error) == ("failed", "refused: the webhook URL must start with https://")
    assert receiver.received == []
