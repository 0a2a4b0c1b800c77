"""Pure rules of the audit service: what an entry holds, how it is written as canonical JSON, and how each
entry's hash chains it to the one before. No I/O.

The rules, precisely enough to write an independent verifier:

- **Canonical JSON** of a value is `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
  encoded as UTF-8: keys sorted, no spaces, non-ASCII characters written as themselves. JSON numbers are written
  as Python's `json.loads` → `json.dumps` round trip writes them (the rule of evaluation-request/1's
  `input_sha256`, so the two agree); NaN and the infinities are not JSON and are refused.
- An entry's **payload** is the canonical JSON of the event document exactly as it arrived on its topic: the
  whole envelope with its `payload` field, fields this service does not know included, defaults not filled in.
  It is stored as that text; `payload_sha256` is the lowercase hex SHA-256 of its UTF-8 bytes.
- The **header** is `{seq, event_id, event_type, tender_id, actor, occurred_at, recorded_at, payload_sha256}`:
  `seq` numbers the entries 1, 2, 3, … without gaps; `event_id` and `event_type` are the envelope's; `tender_id`
  is the event payload's `tender_id` when that is a non-empty string, else null; `actor` is the envelope's actor
  as `{kind, id, role}`; `occurred_at` is the envelope's time and `recorded_at` the audit service's clock when it
  appended the entry, both written `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC.
- `entry_hash` = SHA-256(previous entry's hash as 32 raw bytes ‖ canonical JSON of the header), shown as
  lowercase hex; before the first entry the previous hash is 32 zero bytes.
"""

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared.events import Event

GENESIS_HASH = bytes(32).hex()  # what the first entry chains from


def canonical_json(value: Any) -> bytes:
    """The one serialisation every hash in the log is taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def read_json(text: str | bytes) -> Any:
    """JSON as Python's `json` reads it, but strict: NaN and infinities (which it accepts) are refused, since
    no canonical form could be written for them. The error is a decoding error, so such a body is bad input."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def _refuse_constant(name: str) -> float:
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400 reads as infinity
        raise json.JSONDecodeError(f"{text} is out of range for a JSON number", text, 0)
    return number


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_text(moment: datetime) -> str:
    """A time as the header writes it: UTC, microseconds, `Z`; fixed width, so it sorts as it reads."""
    if moment.tzinfo is None:
        raise ValueError("an audit time must be timezone-aware")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


@dataclass(frozen=True)
class CapturedEvent:
    """What one event brings to the log, before it has a place in the chain."""

    event_id: str
    event_type: str
    topic: str
    tender_id: str | None
    actor: dict[str, Any]
    occurred_at: datetime
    payload: str  # canonical JSON of the event document as received

    @property
    def payload_sha256(self) -> str:
        return sha256_hex(self.payload.encode())


def capture(event: Event, body: bytes | str) -> CapturedEvent:
    """The entry-to-be of `event`, validated from `body`: the bytes it arrived as."""
    return CapturedEvent(
        event_id=str(event.event_id),
        event_type=event.event_type,
        topic=event.topic,
        tender_id=tender_id_of(event),
        actor=event.actor.model_dump(mode="json"),
        occurred_at=event.occurred_at,
        payload=canonical_json(read_json(body)).decode(),
    )


def tender_id_of(event: Event) -> str | None:
    """The tender an event is about, if its payload names one (bidder events do not)."""
    payload = event.payload
    value = payload.get("tender_id") if isinstance(payload, dict) else getattr(payload, "tender_id", None)
    # Only a real id: a malformed evaluation request may carry anything there, and a guess would misfile it.
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True)
class EntryHeader:
    """The hashed part of an entry; the payload is bound to it by `payload_sha256`."""

    seq: int
    event_id: str
    event_type: str
    tender_id: str | None
    actor: dict[str, Any]
    occurred_at: datetime
    recorded_at: datetime
    payload_sha256: str

    def document(self) -> dict[str, Any]:
        """The header as it is hashed, and as auditors are shown it."""
        return {
            "seq": self.seq,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "tender_id": self.tender_id,
            "actor": self.actor,
            "occurred_at": utc_text(self.occurred_at),
            "recorded_at": utc_text(self.recorded_at),
            "payload_sha256": self.payload_sha256,
        }


def chain_hash(previous_hash: str, header: EntryHeader) -> str:
    """SHA-256 over the previous entry's hash (32 raw bytes) followed by the canonical header."""
    return sha256_hex(bytes.fromhex(previous_hash) + canonical_json(header.document()))


@dataclass(frozen=True)
class ChainTip:
    """The last entry, as far as the next one needs it."""

    seq: int
    entry_hash: str


EMPTY_CHAIN = ChainTip(seq=0, entry_hash=GENESIS_HASH)


@dataclass(frozen=True)
class Entry:
    header: EntryHeader
    topic: str
    payload: str
    entry_hash: str


def next_entry(tip: ChainTip, captured: CapturedEvent, *, recorded_at: datetime) -> Entry:
    """The entry that follows `tip` for `captured`, recorded at `recorded_at`."""
    header = EntryHeader(
        seq=tip.seq + 1,
        event_id=captured.event_id,
        event_type=captured.event_type,
        tender_id=captured.tender_id,
        actor=captured.actor,
        occurred_at=captured.occurred_at,
        recorded_at=recorded_at,
        payload_sha256=captured.payload_sha256,
    )
    return Entry(
        header=header, topic=captured.topic, payload=captured.payload, entry_hash=chain_hash(tip.entry_hash, header)
    )
