"""Signed checkpoints: every N entries or T seconds, the chain's tip signed with Ed25519.

A checkpoint is `{seq, entry_hash, count, time}`: the last entry's seq and hash, how many entries the log held,
and when it was taken (UTC, as the header writes times). The signature is Ed25519 over the canonical JSON of those
four fields, base64. Its `key_id` (the first 16 hex digits of SHA-256 over the raw 32-byte public key) only says
which key signed; verification uses the public key the auditor pinned, never one stored beside the checkpoints.
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from services.audit.domain.canonical import canonical_json, utc_text

CHECKPOINT_FIELDS = ("seq", "entry_hash", "count", "time", "signature", "key_id")


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    entry_hash: str
    count: int
    time: str  # as signed: `YYYY-MM-DDTHH:MM:SS.ffffffZ`
    signature: str  # base64 Ed25519 over `signed_bytes()`
    key_id: str

    def signed_document(self) -> dict[str, Any]:
        return {"seq": self.seq, "entry_hash": self.entry_hash, "count": self.count, "time": self.time}

    def signed_bytes(self) -> bytes:
        return canonical_json(self.signed_document())

    def document(self) -> dict[str, Any]:
        """The checkpoint as written to the table, the file, the log and exports."""
        return {**self.signed_document(), "signature": self.signature, "key_id": self.key_id}

    @classmethod
    def from_document(cls, document: Any) -> "Checkpoint":
        """A checkpoint read back from a file or an export; ValueError names what is wrong."""
        if not isinstance(document, dict):
            raise ValueError("a checkpoint is a JSON object")
        missing = [field for field in CHECKPOINT_FIELDS if field not in document]
        if missing:
            raise ValueError(f"a checkpoint needs {', '.join(missing)}")
        seq, count = document["seq"], document["count"]
        if not (isinstance(seq, int) and isinstance(count, int)) or isinstance(seq, bool) or isinstance(count, bool):
            raise ValueError("a checkpoint's seq and count are integers")
        texts = [document[field] for field in ("entry_hash", "time", "signature", "key_id")]
        if not all(isinstance(text, str) for text in texts):
            raise ValueError("a checkpoint's entry_hash, time, signature and key_id are strings")
        entry_hash, time, signature, signer = texts
        return cls(seq, entry_hash, count, time, signature, signer)


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign_checkpoint(key: Ed25519PrivateKey, *, seq: int, entry_hash: str, count: int, time: datetime) -> Checkpoint:
    unsigned = Checkpoint(seq, entry_hash, count, utc_text(time), signature="", key_id=key_id(key.public_key()))
    signature = base64.b64encode(key.sign(unsigned.signed_bytes())).decode()
    return Checkpoint(seq, entry_hash, count, unsigned.time, signature, unsigned.key_id)


def signature_holds(checkpoint: Checkpoint, public_key: Ed25519PublicKey) -> bool:
    """Whether `public_key`'s owner signed exactly these four fields."""
    try:
        public_key.verify(base64.b64decode(checkpoint.signature, validate=True), checkpoint.signed_bytes())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Cadence:
    """Checkpoint after `every_entries` new entries, or once the oldest entry not yet covered is `every` old."""

    every_entries: int
    every: timedelta


def checkpoint_due(
    cadence: Cadence, *, tip_seq: int, checkpointed_seq: int, oldest_uncovered_at: datetime | None, now: datetime
) -> bool:
    """No entry waits longer than `every` for a checkpoint, nor more than `every_entries` entries pile up; an
    idle log takes none (it would only repeat the last)."""
    if tip_seq <= checkpointed_seq:
        return False
    if tip_seq - checkpointed_seq >= cadence.every_entries:
        return True
    return oldest_uncovered_at is not None and now - oldest_uncovered_at >= cadence.every
