"""The audit service on its own: events in through the in-memory broker, the chain out over HTTP (SQLite).

Chains are checked the way an outside auditor would: from the HTTP answers alone, with hashlib and json.
"""

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from faststream._internal.testing.broker import patch_broker_calls

from services.audit.main import create_app
from services.audit.settings import Settings
from shared import events
from shared.clock import ManualClock
from shared.events import Actor, Event, dead_letter_topic
from tests.support.component import InMemoryService, in_memory
from tests.support.identities import bearer
from tests.support.samples import NOW, OFFICER, payload_for, sample_event

RECORDED = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
AUDITOR = bearer("auditor", "ida.auditor@kolding.dk")
HEADER_KEYS = ("seq", "event_id", "event_type", "tender_id", "actor", "occurred_at", "recorded_at", "payload_sha256")
SCORING = Actor(kind="service", id="scoring")


@pytest.fixture
async def audit(tmp_path: Path) -> AsyncIterator[InMemoryService]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}", log_json=False)
    app = create_app(settings, clock=ManualClock(RECORDED))
    async with in_memory(app) as service:
        assert await app.state.writer.take_over(consume=False), "the only replica gets the writer lock"
        # What the in-memory broker does on entering for subscribers it finds; the writer's comes later.
        patch_broker_calls(app.state.runtime.bus.broker)
        service.http.headers.update(AUDITOR)
        yield service
        await app.state.writer.step_down()


def event(event_type: type[Event], tender_id: str = "T-1", *, at: datetime = NOW, actor: Actor = OFFICER) -> Event:
    payload = payload_for(event_type, tender_id)
    return event_type(occurred_at=at, correlation_id=f"lifecycle-{tender_id}", actor=actor, payload=payload)


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


async def verified_chain(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    """Every entry, after recomputing each link and each payload hash from the specification."""
    entries = (await http.get("/entries", params={"limit": 1000})).json()["entries"]
    previous = bytes(32)
    for seq, entry in enumerate(entries, start=1):
        header = {key: entry[key] for key in HEADER_KEYS}
        detail = (await http.get(f"/entries/{seq}")).json()
        assert entry["seq"] == seq, "numbered without gaps"
        assert detail["previous_entry_hash"] == previous.hex()
        assert entry["entry_hash"] == hashlib.sha256(previous + canonical(header)).hexdigest()
        assert entry["payload_sha256"] == hashlib.sha256(canonical(detail["payload"])).hexdigest()
        previous = bytes.fromhex(entry["entry_hash"])
    return entries


async def entries(http: httpx.AsyncClient, **filters: Any) -> list[dict[str, Any]]:
    response = await http.get("/entries", params=filters)
    assert response.status_code == 200, response.text
    return response.json()["entries"]


async def test_every_event_type_becomes_an_entry_of_the_chain_in_delivery_order(audit: InMemoryService) -> None:
    delivered = [event(event_type) for event_type in events.ALL]
    for each in delivered:
        await audit.deliver(each)

    chain = await verified_chain(audit.http)
    assert [entry["event_id"] for entry in chain] == [str(each.event_id) for each in delivered]
    assert [entry["topic"] for entry in chain] == [each.topic for each in delivered]
    first = chain[0]
    assert first["actor"] == {"kind": "user", "id": "officer-anne", "role": "officer"}
    assert (first["occurred_at"], first["recorded_at"]) == (
        "2026-11-26T12:00:00.000000Z",
        "2026-11-26T13:00:00.000000Z",
    )
    untendered = {entry["event_type"] for entry in chain if entry["tender_id"] is None}
    assert untendered == {
        "procurement.bidder-registered",
        "notifications.notification-sent",
        "notifications.notification-failed",
    }


async def test_a_redelivered_event_appends_nothing(audit: InMemoryService) -> None:
    published, closed = event(events.TenderPublished), event(events.TenderClosed)
    await audit.deliver(published)
    await audit.deliver(published)  # Kafka redelivers
    await audit.deliver(closed)

    chain = await verified_chain(audit.http)
    assert [entry["event_id"] for entry in chain] == [str(published.event_id), str(closed.event_id)]


async def test_overlapping_deliveries_still_make_one_unbroken_chain(audit: InMemoryService) -> None:
    delivered = [event(events.BidReceived, f"T-{n}") for n in range(20)]
    await asyncio.gather(*(audit.deliver(each) for each in delivered), audit.deliver(delivered[0]))

    chain = await verified_chain(audit.http)
    assert sorted(entry["event_id"] for entry in chain) == sorted(str(each.event_id) for each in delivered)


async def test_the_payload_is_the_event_document_as_it_arrived(audit: InMemoryService) -> None:
    closed = event(events.TenderClosed)
    document = {**json.loads(closed.model_dump_json()), "added_by_a_newer_producer": "kept"}
    await audit.runtime.bus.broker.publish(json.dumps(document, indent=2).encode(), topic=closed.topic, key=b"T-1")

    entry = (await audit.http.get("/entries/1")).json()
    assert entry["payload"] == document
    assert entry["payload_sha256"] == hashlib.sha256(canonical(document)).hexdigest()
    assert entry["previous_entry_hash"] == "0" * 64


async def test_a_tenders_timeline_holds_its_entries_in_chain_order(audit: InMemoryService) -> None:
    lifecycle = [
        event(events.TenderPublished, "T-1"),
        event(events.TenderPublished, "T-2"),
        event(events.BidderRegistered, "b-1"),
        event(events.TenderClosed, "T-1"),
        event(events.EvaluationRequested, "T-1"),
        event(events.EvaluationCompleted, "T-1", actor=SCORING),
        event(events.TenderClosed, "T-2"),
    ]
    for each in lifecycle:
        await audit.deliver(each)

    response = await audit.http.get("/tenders/T-1/timeline")
    assert response.status_code == 200
    timeline = response.json()
    assert timeline["tender_id"] == "T-1"
    assert [(entry["seq"], entry["event_type"]) for entry in timeline["entries"]] == [
        (1, "procurement.tender-published"),
        (4, "procurement.tender-closed"),
        (5, "procurement.evaluation-requested"),
        (6, "scoring.evaluation-completed"),
    ]


async def test_entries_are_filtered_by_tender_type_actor_and_time(audit: InMemoryService) -> None:
    for each in [
        event(events.TenderPublished, "T-1", at=NOW),
        event(events.TenderClosed, "T-1", at=NOW + timedelta(days=35)),
        event(events.EvaluationCompleted, "T-1", at=NOW + timedelta(days=36), actor=SCORING),
        event(events.TenderClosed, "T-2", at=NOW + timedelta(days=40)),
    ]:
        await audit.deliver(each)

    def seqs(found: list[dict[str, Any]]) -> list[int]:
        return [entry["seq"] for entry in found]

    assert seqs(await entries(audit.http, tender_id="T-2")) == [4]
    assert seqs(await entries(audit.http, event_type="procurement.tender-closed")) == [2, 4]
    assert seqs(await entries(audit.http, actor_id="scoring")) == [3]
    window = {
        "occurred_from": (NOW + timedelta(days=35)).isoformat(),
        "occurred_to": (NOW + timedelta(days=40)).isoformat(),
    }
    assert seqs(await entries(audit.http, **window)) == [2, 3], "from inclusive, to exclusive"
    assert seqs(await entries(audit.http, tender_id="T-1", actor_id="officer-anne", **window)) == [2]


async def test_entries_are_paged_in_chain_order(audit: InMemoryService) -> None:
    for n in range(5):
        await audit.deliver(event(events.BidReceived, f"T-{n}"))

    pages, after = [], 0
    while after is not None:
        page = (await audit.http.get("/entries", params={"after": after, "limit": 2})).json()
        pages.append([entry["seq"] for entry in page["entries"]])
        after = page["next_after"]
    assert pages == [[1, 2], [3, 4], [5]]


async def test_a_time_filter_without_a_zone_is_refused(audit: InMemoryService) -> None:
    response = await audit.http.get("/entries", params={"occurred_from": "2026-11-26T12:00:00"})
    assert response.status_code == 422


async def test_what_the_log_does_not_hold_is_a_404(audit: InMemoryService) -> None:
    await audit.deliver(event(events.TenderPublished, "T-1"))
    assert (await audit.http.get("/entries/2")).status_code == 404
    assert (await audit.http.get("/tenders/T-9/timeline")).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        b'{"event_id": "not json',
        json.dumps({**json.loads(sample_event(events.TenderClosed).model_dump_json()), "actor": None}).encode(),
        # Valid for the event's schema (unknown fields are ignored), but no canonical JSON can be written for it.
        sample_event(events.TenderClosed).model_dump_json()[:-1].encode() + b',"extra":NaN}',
    ],
    ids=["not-json", "not-the-schema", "nan"],
)
async def test_a_body_that_is_not_its_topics_event_is_logged_as_a_dead_letter_and_the_good_event_after_it_too(
    audit: InMemoryService, body: bytes
) -> None:
    # The in-memory broker runs the dead-letter middleware too: the handler's error sends the body to the DLQ
    # topic, which the audit service reads as well (the real broker's path is an integration test).
    topic = events.TenderClosed.topic
    await audit.runtime.bus.broker.publish(body, topic=topic, key=b"T-1")
    good = event(events.TenderClosed)
    await audit.deliver(good)

    chain = await verified_chain(audit.http)
    assert [entry["event_type"] for entry in chain] == ["dead-letter", "procurement.tender-closed"]
    assert chain[1]["event_id"] == str(good.event_id), "the good event after the poison is kept"
    dead = (await audit.http.get("/entries/1")).json()
    assert dead["topic"] == dead_letter_topic(topic)
    wrapper = dead["payload"]
    assert wrapper["format"] == "audit-dead-letter/1"
    assert wrapper["headers"]["x-dlq-original-topic"] == topic
    assert wrapper["headers"]["x-dlq-error"].startswith(("ValidationError", "JSONDecodeError"))
    kept = wrapper["body"] if "body" in wrapper else wrapper["body_text"]
    assert kept == (json.loads(body) if "body" in wrapper else body.decode()), "what arrived, kept"


async def test_only_auditors_read_the_log(audit: InMemoryService) -> None:
    await audit.deliver(event(events.TenderPublished))
    officer = bearer("officer", "anne")
    for path in ("/entries", "/entries/1", "/tenders/T-1/timeline", "/exports/tenders/T-1", "/checkpoints", "/status"):
        assert (await audit.http.get(path, headers=officer)).status_code == 403, path
    assert (await audit.http.get("/entries/1")).status_code == 200


async def test_an_entry_shows_its_position_in_the_chain(audit: InMemoryService) -> None:
    for n in range(3):
        await audit.deliver(event(events.BidReceived, f"T-{n}"))

    detail = (await audit.http.get("/entries/2")).json()
    first = (await audit.http.get("/entries/1")).json()
    assert detail["position"]["previous_entry_hash"] == first["entry_hash"]
    assert detail["position"]["chain_length"] == 3
    assert detail["position"]["checkpoint"] is None, "no checkpoint yet at the default cadence"
    status = (await audit.http.get("/status")).json()
    assert (status["writer"], status["chain_length"]) == (True, 3)


async def test_the_api_documents_its_response_models(audit: InMemoryService) -> None:
    spec = (await audit.http.get("/openapi.json")).json()

    def answer(path: str) -> str:
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        return str(schema["$ref"]).rsplit("/", 1)[-1]

    assert answer("/entries") == "EntryPage"
    assert answer("/entries/{seq}") == "EntryDetail"
    assert answer("/tenders/{tender_id}/timeline") == "Timeline"
    assert "payload_sha256" in spec["components"]["schemas"]["EntryOut"]["properties"]
