"""The hash chain: an entry's header, how it is hashed onto the entry before it, and the entry that follows a tip."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.audit.domain.canonical import canonical_json, sha256_hex, utc_text

GENESIS_HASH = bytes(32).hex()  # what the first entry chains from


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
