"""The notifications service killed with SIGKILL in the middle of a batch of award e-mails, on the real broker
with a real SMTP server: after a restart every e-mail has arrived, and an e-mail arrived twice only if the server
had accepted it before the kill and the service had not yet recorded that (the one window the design names),
and then with the same Message-ID. A redelivered award sends nothing."""

import json
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from procure.ports import free_port
from shared import events
from shared.kafka import ensure_topics
from shared.settings import KafkaSettings
from tests.integration.notifications.conftest import DOMAIN
from tests.integration.notifications.service_process import NotificationsProcess
from tests.integration.notifications.smtp_server import RecordingSmtpServer
from tests.support.kafka import eventually, produce, random_letters, read_topic
from tests.support.notification_scenario import award_decided, email_of, published, registered

BIDDERS = [
    {"bidder_id": f"b-{n:02}", "name": f"Socialøkonomisk Virksomhed {n}", "email": f"tilbud@v{n:02}.dk"}
    for n in range(12)
]
CRASH_AFTER = 5  # the 5th e-mail the server accepts is never recorded: the process dies right after it


def award_to(bidders: list[dict[str, str]], *, lot_id: str = "1") -> events.AwardDecided:
    standings = [
        {"bidder_id": b["bidder_id"], "bid_id": f"bid-{b['bidder_id']}", "rank": i + 1, "total": str(9 - i / 10)}
        for i, b in enumerate(bidders)
    ]
    winner = standings[0]
    award = award_decided()
    payload = award.payload.model_copy(
        update={
            "lot_id": lot_id,
            "standings": [events.procurement.BidderStanding.model_validate(s) for s in standings],
            "winner_bid_id": winner["bid_id"],
            "winner_bidder_id": winner["bidder_id"],
            "winner_name": bidders[0]["name"],
        }
    )
    return events.AwardDecided(**award.model_dump(exclude={"payload", "event_id"}), payload=payload)


def message_ids(award: events.AwardDecided, bidders: list[dict[str, str]]) -> set[str]:
    return {f"<{email_of(award, bidder)}@{DOMAIN}>" for bidder in bidders}


@pytest.fixture
async def service(
    kafka_bootstrap: str, tmp_path: Path, smtp: RecordingSmtpServer
) -> AsyncIterator[NotificationsProcess]:
    namespace = f"notify-{random_letters()}"
    await ensure_topics(KafkaSettings(kafka_bootstrap_servers=kafka_bootstrap, kafka_namespace=namespace))
    process = NotificationsProcess(kafka_bootstrap, namespace, tmp_path, smtp_port=smtp.port, port=free_port())
    yield process
    process.stop()


async def test_a_kill_mid_batch_and_a_restart_deliver_every_email_repeating_only_the_unrecorded(
    service: NotificationsProcess, smtp: RecordingSmtpServer
) -> None:
    bootstrap, namespace = service.env["KAFKA_BOOTSTRAP_SERVERS"], service.env["KAFKA_NAMESPACE"]
    award = award_to(BIDDERS)
    expected = message_ids(award, BIDDERS)
    service.start(crash_at=f"notifications.after_send:{CRASH_AFTER}")
    await eventually(service.ready, timeout=60)
    await produce(bootstrap, [published(), *(registered(b) for b in BIDDERS), award], namespace=namespace)

    assert service.died_by_sigkill(timeout=90), f"died at the crash point; see {service.log}"
    accepted_before = {str(m["Message-ID"]) for m in smtp.accepted}
    recorded_before = {f"<{n}@{DOMAIN}>" for n in service.recorded("sent")}
    assert len(accepted_before) >= CRASH_AFTER
    the_window = accepted_before - recorded_before  # accepted by the server, not yet recorded by us
    assert the_window, "the kill fell between an acceptance and its record"

    service.start()
    await eventually(lambda: expected <= {str(m["Message-ID"]) for m in smtp.accepted}, timeout=90)
    await eventually(lambda: len(service.recorded("sent")) == len(BIDDERS), timeout=30)

    counts = Counter(str(m["Message-ID"]) for m in smtp.accepted)
    repeated = {message_id for message_id, count in counts.items() if count > 1}
    assert set(counts) == expected, "every e-mail arrived, and nothing else"
    assert repeated <= the_window, "only what was accepted and not recorded at the kill was sent again"
    assert all(counts[message_id] <= 2 for message_id in expected)
    dispatched = await read_topic(bootstrap, f"{namespace}.{events.AwardNoticesDispatched.topic}", expect=1)
    assert [json.loads(r.value)["payload"]["award_event_id"] for r in dispatched] == [str(award.event_id)]

    # Redelivered: the same award again, then a new one on the same partition as a marker. When the marker's
    # e-mail has arrived, the repeat was handled before it, and must have sent nothing.
    marker = award_to(BIDDERS[:1], lot_id="2")
    received = len(smtp.accepted)
    await produce(bootstrap, [award, marker], namespace=namespace)
    await eventually(lambda: message_ids(marker, BIDDERS[:1]) <= {str(m["Message-ID"]) for m in smtp.accepted})
    assert len(smtp.accepted) == received + 1
