"""Capture on the real broker: every topic and every dead-letter topic, one entry per event, exactly once even when
Kafka delivers everything again."""

import json
from pathlib import Path

from typer.testing import CliRunner

from procure.cli import app as cli
from services.audit.handlers import captured_topics
from shared import events
from shared.events import dead_letter_topic
from tests.integration.audit.kafka_support import entries, rewind, running, settings_for
from tests.support.kafka import eventually, produce, produce_raw, random_letters
from tests.support.samples import sample_event


async def test_events_and_dead_letters_are_captured_once_even_when_delivered_again(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    namespace = f"audit-{random_letters()}"
    settings = settings_for(kafka_bootstrap, namespace, tmp_path / "audit.db")
    received = sample_event(events.BidReceived, "T-1")
    closed_topic = settings.namespaced(events.TenderClosed.topic)
    received_dlq = settings.namespaced(dead_letter_topic(events.BidReceived.topic))
    dlq_headers = {"event_id": str(received.event_id), "x-dlq-error": "RuntimeError: notifications failed"}

    async with running(settings) as (app, http):
        await eventually(lambda: app.state.writer.is_writer)
        await produce(kafka_bootstrap, [sample_event(events.TenderPublished, "T-1"), received], namespace=namespace)
        # Poison on a topic the audit service reads: its own handler dead-letters it, and then reads the dead letter.
        await produce_raw(kafka_bootstrap, closed_topic, b'{"event_id": "not json', key="T-1", headers={})
        # Dead letters of other services: one keeps its original's body and event_id; one is not even UTF-8.
        await produce_raw(
            kafka_bootstrap, received_dlq, received.model_dump_json().encode(), key="T-1", headers=dlq_headers
        )
        await produce_raw(kafka_bootstrap, received_dlq, b"\xff\xfe binary", key="T-1", headers={"x-dlq-error": "?"})

        async def five() -> list[dict[str, object]] | None:
            found = await entries(http)
            return found if len(found) >= 5 else None

        captured = await eventually(five, timeout=60)
        dead = [e for e in captured if e["event_type"] == "dead-letter"]
        assert len(dead) == 3
        assert {e["topic"] for e in dead} == {dead_letter_topic(closed_topic), received_dlq}
        assert len({e["event_id"] for e in captured}) == 5, "a dead letter has an id of its own"
        payloads = [(await http.get(f"/entries/{e['seq']}")).json()["payload"] for e in dead]
        assert any(p.get("body", {}).get("event_id") == str(received.event_id) for p in payloads)
        assert any(p.get("body_base64") == "//4gYmluYXJ5" for p in payloads), "bytes that are not text, in base64"
        assert any(p.get("body_text") == '{"event_id": "not json' for p in payloads)

    await rewind(settings, captured_topics(settings))
    async with running(settings) as (app, http):
        await eventually(lambda: app.state.writer.is_writer)
        marker = sample_event(events.TenderClosed, "T-2")
        await produce(kafka_bootstrap, [marker], namespace=namespace)

        async def marker_appended() -> list[dict[str, object]] | None:
            found = await entries(http)
            return found if any(e["event_id"] == str(marker.event_id) for e in found) else None

        again = await eventually(marker_appended, timeout=60)
    assert len(again) == 6, "everything delivered again, nothing appended twice"

    result = CliRunner().invoke(cli, ["audit", "verify", "--database-url", settings.database_url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["entries"] == 6
