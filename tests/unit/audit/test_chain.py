"""The audit chain's pure rules, checked against hashes computed here from the specification alone."""

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from services.audit.domain import (
    EMPTY_CHAIN,
    CapturedEvent,
    ChainTip,
    canonical_json,
    capture,
    next_entry,
    read_json,
    utc_text,
)
from shared import events
from shared.evaluation import canonical_sha256
from tests.support.samples import NOW, sample_event

OCCURRED = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
RECORDED = datetime(2026, 11, 26, 12, 0, 1, 500, tzinfo=UTC)
EVENT_ID = "0b9d3c4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"
CAPTURED = CapturedEvent(
    event_id=EVENT_ID,
    event_type="procurement.tender-closed",
    topic="procurement.tender-closed.v1",
    tender_id="KOL-2026-017",
    actor={"kind": "system", "id": "deadline-clock", "role": None},
    occurred_at=OCCURRED,
    payload='{"payload":{"bids_opened":3}}',
)


def spec_canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_canonical_json_sorts_keys_has_no_spaces_and_writes_utf8() -> None:
    value = {"b": [1, 2.5, None, True], "a": {"å": "Grøn Service", "z": "line\nbreak"}}
    written = canonical_json(value)
    assert written == '{"a":{"z":"line\\nbreak","å":"Grøn Service"},"b":[1,2.5,null,true]}'.encode()
    assert b"Gr\xc3\xb8n" in written, "non-ASCII as UTF-8, not as \\u escapes"


@pytest.mark.parametrize("text", ['{"x": NaN}', '{"x": -Infinity}', '{"x": 1e400}'])
def test_numbers_json_cannot_hold_are_refused_as_bad_json(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        read_json(text)


def test_times_are_written_in_utc_with_microseconds() -> None:
    copenhagen_noon = datetime(2026, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert utc_text(copenhagen_noon) == "2026-06-01T10:00:00.000000Z"
    assert utc_text(RECORDED) == "2026-11-26T12:00:01.000500Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        utc_text(datetime(2026, 6, 1, 12, 0))


def test_the_first_entry_chains_from_32_zero_bytes() -> None:
    entry = next_entry(EMPTY_CHAIN, CAPTURED, recorded_at=RECORDED)

    payload_sha256 = hashlib.sha256(b'{"payload":{"bids_opened":3}}').hexdigest()
    header = (
        '{"actor":{"id":"deadline-clock","kind":"system","role":null},'
        f'"event_id":"{EVENT_ID}","event_type":"procurement.tender-closed",'
        '"occurred_at":"2026-11-26T12:00:00.000000Z",'
        f'"payload_sha256":"{payload_sha256}",'
        '"recorded_at":"2026-11-26T12:00:01.000500Z","seq":1,"tender_id":"KOL-2026-017"}'
    ).encode()
    assert entry.header.seq == 1
    assert entry.header.payload_sha256 == payload_sha256
    assert canonical_json(entry.header.document()) == header
    assert entry.entry_hash == hashlib.sha256(bytes(32) + header).hexdigest()


def test_each_entry_chains_from_the_hash_before_it() -> None:
    first = next_entry(EMPTY_CHAIN, CAPTURED, recorded_at=RECORDED)
    second_event = replace(CAPTURED, event_id="a1b2c3d4-0000-4000-8000-000000000002", tender_id=None)
    second = next_entry(ChainTip(seq=1, entry_hash=first.entry_hash), second_event, recorded_at=RECORDED)

    header = {
        "seq": 2,
        "event_id": "a1b2c3d4-0000-4000-8000-000000000002",
        "event_type": "procurement.tender-closed",
        "tender_id": None,
        "actor": {"kind": "system", "id": "deadline-clock", "role": None},
        "occurred_at": "2026-11-26T12:00:00.000000Z",
        "recorded_at": "2026-11-26T12:00:01.000500Z",
        "payload_sha256": hashlib.sha256(CAPTURED.payload.encode()).hexdigest(),
    }
    expected = hashlib.sha256(bytes.fromhex(first.entry_hash) + spec_canonical(header)).hexdigest()
    assert second.header.seq == 2
    assert second.entry_hash == expected


@pytest.mark.parametrize(
    "change",
    [
        {"event_id": "a1b2c3d4-0000-4000-8000-000000000009"},
        {"event_type": "procurement.tender-published"},
        {"tender_id": "KOL-2026-018"},
        {"tender_id": None},
        {"actor": {"kind": "user", "id": "officer-anne", "role": "officer"}},
        {"occurred_at": OCCURRED + timedelta(microseconds=1)},
        {"payload": '{"payload":{"bids_opened":4}}'},
    ],
    ids=lambda change: next(iter(change)),
)
def test_any_change_to_header_or_payload_changes_the_hash(change: dict[str, Any]) -> None:
    original = next_entry(EMPTY_CHAIN, CAPTURED, recorded_at=RECORDED)
    changed = next_entry(EMPTY_CHAIN, replace(CAPTURED, **change), recorded_at=RECORDED)
    assert changed.entry_hash != original.entry_hash


def test_the_recording_time_and_the_previous_hash_are_bound_too() -> None:
    original = next_entry(EMPTY_CHAIN, CAPTURED, recorded_at=RECORDED)
    later = next_entry(EMPTY_CHAIN, CAPTURED, recorded_at=RECORDED + timedelta(seconds=1))
    elsewhere = next_entry(ChainTip(seq=0, entry_hash="11" * 32), CAPTURED, recorded_at=RECORDED)
    assert len({original.entry_hash, later.entry_hash, elsewhere.entry_hash}) == 3


def test_the_payload_is_the_whole_document_as_received_in_canonical_form() -> None:
    event = sample_event(events.TenderClosed, "KOL-2026-017")
    document = json.loads(event.model_dump_json())
    document["added_by_a_newer_producer"] = {"ø": 1}
    del document["producer"]  # left out, as a producer may: not filled in
    body = json.dumps(document, indent=2).encode()

    captured = capture(event, body)

    assert captured.payload.encode() == spec_canonical(document)
    assert captured.payload_sha256 == hashlib.sha256(spec_canonical(document)).hexdigest()


def test_the_envelope_gives_id_type_actor_and_time() -> None:
    event = sample_event(events.TenderClosed, "KOL-2026-017")
    captured = capture(event, event.model_dump_json())
    assert (captured.event_id, captured.event_type, captured.topic) == (
        str(event.event_id),
        "procurement.tender-closed",
        "procurement.tender-closed.v1",
    )
    assert captured.actor == {"kind": "user", "id": "officer-anne", "role": "officer"}
    assert captured.occurred_at == NOW
    assert captured.tender_id == "KOL-2026-017"


@pytest.mark.parametrize(
    ("event_type", "tender_id"),
    [
        (events.TenderPublished, "T-1"),
        (events.EvaluationRequested, "T-1"),  # a plain document, not a typed payload
        (events.BidderRegistered, None),  # about a bidder, not a tender
        (events.NotificationSent, None),  # its tender_id is optional, and the sample has none
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_the_tender_comes_from_the_payload_when_it_names_one(
    event_type: type[events.Event], tender_id: str | None
) -> None:
    event = sample_event(event_type, "T-1")
    assert capture(event, event.model_dump_json()).tender_id == tender_id


def test_a_tender_id_that_is_no_string_is_not_guessed() -> None:
    event = sample_event(events.EvaluationRequested, "T-1")
    malformed = event.model_copy(update={"payload": {**event.payload, "tender_id": 17}})
    assert capture(malformed, malformed.model_dump_json()).tender_id is None


def test_an_evaluation_request_in_the_log_hashes_to_its_input_sha256() -> None:
    # Both follow one canonical rule, so an auditor can tie a stored request to the result that names it.
    event = sample_event(events.EvaluationRequested, "T-1")
    stored = json.loads(capture(event, event.model_dump_json()).payload)
    assert hashlib.sha256(spec_canonical(stored["payload"])).hexdigest() == canonical_sha256(event.payload)
