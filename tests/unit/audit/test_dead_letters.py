"""A dead letter's entry: an id of its own (the same on every redelivery), the type `dead-letter`, and a wrapper
holding exactly what arrived, readable or not."""

import base64
import json
from datetime import UTC, datetime

from services.audit.domain import DEAD_LETTER, DeadLetter, capture_dead_letter
from shared import events
from tests.support.samples import sample_event

ORIGINAL = sample_event(events.BidReceived, "T-1")
HEADERS = {"x-dlq-error": "RuntimeError: boom", "x-dlq-original-topic": "procurement.bid-received.v1"}


AT_MS = int(datetime(2026, 12, 1, 12, 0, tzinfo=UTC).timestamp() * 1000)
POSITION = {"x-dlq-original-partition": "1", "x-dlq-original-offset": "41"}


def letter(
    body: bytes, *, offset: int = 7, key: bytes | None = b"T-1", headers: dict[str, str] = HEADERS
) -> DeadLetter:
    return DeadLetter("procurement.bid-received.v1.dlq", 2, offset, AT_MS, key, body, headers)


def test_a_dead_letter_has_an_id_of_its_own_the_same_on_every_redelivery() -> None:
    body = ORIGINAL.model_dump_json().encode()
    first, again, next_one = (capture_dead_letter(letter(body, offset=o)) for o in (7, 7, 8))
    assert first.event_id == again.event_id
    assert first.event_id != next_one.event_id
    assert first.event_id != str(ORIGINAL.event_id), "its original may be in the log already"


def test_a_poison_message_dead_lettered_again_after_a_redelivery_is_still_one_event() -> None:
    # The original's position and error are in the headers: the same, whatever offset the copy landed at.
    body, named = b"not json", {**HEADERS, **POSITION}
    first, again = (capture_dead_letter(letter(body, offset=o, headers=named)) for o in (7, 9))
    other_service = capture_dead_letter(letter(body, offset=8, headers={**named, "x-dlq-error": "KeyError: 'x'"}))
    assert first.event_id == again.event_id
    assert other_service.event_id != first.event_id, "another failure of the same message is another event"


def test_a_readable_dead_letter_keeps_the_body_its_tender_and_actor() -> None:
    captured = capture_dead_letter(letter(ORIGINAL.model_dump_json().encode()))
    wrapper = json.loads(captured.payload)
    assert captured.event_type == DEAD_LETTER
    assert captured.tender_id == "T-1"
    assert captured.actor == {"kind": "user", "id": "officer-anne", "role": "officer"}
    assert captured.occurred_at == datetime(2026, 12, 1, 12, 0, tzinfo=UTC), "when it was dead-lettered"
    assert wrapper["body"] == json.loads(ORIGINAL.model_dump_json())
    assert wrapper["headers"] == HEADERS
    assert (wrapper["topic"], wrapper["partition"], wrapper["offset"], wrapper["key_text"]) == (
        "procurement.bid-received.v1.dlq",
        2,
        7,
        "T-1",
    )


def test_a_body_that_is_not_json_or_not_text_is_kept_as_it_came() -> None:
    text = json.loads(capture_dead_letter(letter(b'{"event_id": "not json')).payload)
    binary = json.loads(capture_dead_letter(letter(b"\xff\xfe", key=b"\xff")).payload)
    nan = json.loads(capture_dead_letter(letter(b'{"x": NaN}')).payload)
    assert text["body_text"] == '{"event_id": "not json'
    assert base64.b64decode(binary["body_base64"]) == b"\xff\xfe"
    assert base64.b64decode(binary["key_base64"]) == b"\xff"
    assert nan["body_text"] == '{"x": NaN}', "no canonical JSON holds NaN: kept as text"
    for wrapper in (text, binary, nan):
        assert "body" not in wrapper


def test_an_actor_that_is_not_well_formed_is_not_guessed() -> None:
    document = {**json.loads(ORIGINAL.model_dump_json()), "actor": {"kind": "robot", "id": "x"}}
    captured = capture_dead_letter(letter(json.dumps(document).encode()))
    assert captured.actor == {"kind": "system", "id": "unknown", "role": None}
    assert capture_dead_letter(letter(b"[1, 2]")).tender_id is None
