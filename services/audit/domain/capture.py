"""What an event, or a dead letter, brings to the log: the entry-to-be, before it has a place in the chain.

A dead letter carries its original's `event_id`, and the original may be in the log already; so a dead letter gets
an id of its own (a UUIDv5, the same on every redelivery: see `dead_letter_id`), the event type `dead-letter`, and
a payload that wraps what arrived, readable or not.
"""

import base64
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.audit.domain.canonical import canonical_json, read_json
from services.audit.domain.chain import CapturedEvent
from shared.events import Event

DEAD_LETTER = "dead-letter"
DEAD_LETTER_FORMAT = "audit-dead-letter/1"
# Fixed forever: a dead letter's id must come out the same on every redelivery and after every upgrade.
DEAD_LETTER_NAMESPACE = uuid.UUID("5d1c3f0e-8f43-5b7a-9a52-6a7e3c1b2d40")
UNKNOWN_ACTOR: dict[str, Any] = {"kind": "system", "id": "unknown", "role": None}


def capture(event: Event, body: bytes | str) -> CapturedEvent:
    """The entry-to-be of `event`, validated from `body`: the bytes it arrived as."""
    return CapturedEvent(
        event_id=str(event.event_id),
        event_type=event.event_type,
        topic=event.topic,
        tender_id=tender_id_of(event),
        actor=actor_of(event),
        occurred_at=event.occurred_at,
        payload=canonical_json(read_json(body)).decode(),
    )


def actor_of(event: Event) -> dict[str, Any]:
    """The header's actor is `{kind, id, role}`, as the specification fixes it; anything else the envelope says
    of the actor (the enterprise a bidder acts for, say) is in the payload."""
    actor = event.actor
    return {"kind": actor.kind, "id": actor.id, "role": actor.role}


def tender_id_of(event: Event) -> str | None:
    """The tender an event is about, if its payload names one (bidder events do not)."""
    payload = event.payload
    value = payload.get("tender_id") if isinstance(payload, dict) else getattr(payload, "tender_id", None)
    return _real_id(value)


def _real_id(value: Any) -> str | None:
    # Only a real id: a malformed evaluation request may carry anything there, and a guess would misfile it.
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True)
class DeadLetter:
    """A record read from a `<topic>.dlq` topic, as Kafka gave it."""

    topic: str
    partition: int
    offset: int
    timestamp_ms: int
    key: bytes | None
    body: bytes
    headers: dict[str, str]


def dead_letter_id(letter: DeadLetter) -> str:
    """The same for every copy of one dead letter. When the headers name the original's position (the suite's
    dead-letter path writes them), the id is over that position and the error: a poison message delivered again
    is dead-lettered again, at a new offset, and is still one event; two services failing on one message with
    different errors are two. Otherwise it is over where the dead letter itself was read."""
    headers = letter.headers
    original = [headers.get(f"x-dlq-original-{part}") for part in ("topic", "partition", "offset")]
    if all(original):
        name = "/".join([*map(str, original), headers.get("x-dlq-error", "")])
    else:
        name = f"{letter.topic}/{letter.partition}/{letter.offset}"
    return str(uuid.uuid5(DEAD_LETTER_NAMESPACE, name))


def capture_dead_letter(letter: DeadLetter) -> CapturedEvent:
    """The entry-to-be of a dead letter: never fails, whatever its body holds."""
    document = _readable(letter.body)
    envelope = document if isinstance(document, dict) else {}
    payload = envelope.get("payload")
    return CapturedEvent(
        event_id=dead_letter_id(letter),
        event_type=DEAD_LETTER,
        topic=letter.topic,
        tender_id=_real_id(payload.get("tender_id")) if isinstance(payload, dict) else None,
        actor=_actor(envelope.get("actor")),
        # When it was dead-lettered (the record's time), not when the original happened: that is in the body.
        occurred_at=datetime.fromtimestamp(letter.timestamp_ms / 1000, tz=UTC),
        payload=canonical_json(_wrapper(letter, document)).decode(),
    )


_UNREADABLE = object()


def _readable(body: bytes) -> Any:
    try:
        return read_json(body)
    except ValueError:  # not UTF-8, not JSON, or a number no canonical JSON can hold
        return _UNREADABLE


def _wrapper(letter: DeadLetter, document: Any) -> dict[str, Any]:
    wrapper: dict[str, Any] = {
        "format": DEAD_LETTER_FORMAT,
        "topic": letter.topic,
        "partition": letter.partition,
        "offset": letter.offset,
        "headers": dict(sorted(letter.headers.items())),
    }
    if letter.key is not None:
        wrapper.update(_text_or_base64("key", letter.key))
    if document is not _UNREADABLE:
        wrapper["body"] = document
    else:
        wrapper.update(_text_or_base64("body", letter.body))
    return wrapper


def _text_or_base64(name: str, raw: bytes) -> dict[str, str]:
    """`<name>_text` when the bytes are UTF-8, else `<name>_base64`: the log keeps what arrived, byte for byte."""
    try:
        return {f"{name}_text": raw.decode()}
    except UnicodeDecodeError:
        return {f"{name}_base64": base64.b64encode(raw).decode()}


def _actor(value: Any) -> dict[str, Any]:
    """The original's actor when it names one properly; the log's header must stay `{kind, id, role}`."""
    if not isinstance(value, dict):
        return UNKNOWN_ACTOR
    kind, actor_id, role = value.get("kind"), value.get("id"), value.get("role")
    well_formed = (
        kind in ("user", "service", "system") and _real_id(actor_id) and (role is None or isinstance(role, str))
    )
    if not well_formed:
        return UNKNOWN_ACTOR
    return {"kind": kind, "id": actor_id, "role": role}
