"""Chains built in memory from the specification, for the verifier's unit tests."""

import hashlib
import json
from typing import Any

from services.audit.domain.verification import ChainRow


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def header(row: ChainRow, seq: int) -> bytes:
    return canonical(
        {
            "seq": seq,
            "event_id": row.event_id,
            "event_type": row.event_type,
            "tender_id": row.tender_id,
            "actor": json.loads(row.actor),
            "occurred_at": row.occurred_at,
            "recorded_at": row.recorded_at,
            "payload_sha256": row.payload_sha256,
        }
    )


def rehash(row: ChainRow, previous: str, seq: int | None = None) -> ChainRow:
    """The row with the hash its header gives on top of `previous` (as a writer, or a careful forger, computes)."""
    digest = hashlib.sha256(bytes.fromhex(previous) + header(row, row.seq if seq is None else seq)).hexdigest()
    return row._replace(entry_hash=digest)


def entry(seq: int, previous: str, *, tender: str | None = "T-1", note: str = "") -> ChainRow:
    payload = canonical({"event_id": f"e-{seq}{note}", "payload": {"tender_id": tender, "n": seq}})
    row = ChainRow(
        seq=seq,
        event_id=f"e-{seq}{note}",
        event_type="procurement.bid-received",
        tender_id=tender,
        actor=canonical({"id": "officer-anne", "kind": "user", "role": "officer"}).decode(),
        occurred_at=f"2026-11-26T12:00:{seq % 60:02d}.000000Z",
        recorded_at="2026-11-26T13:00:00.000000Z",
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        entry_hash="",
        payload=payload,
    )
    return rehash(row, previous)


def chain(length: int) -> list[ChainRow]:
    rows, previous = [], "00" * 32
    for seq in range(1, length + 1):
        row = entry(seq, previous, tender="T-1" if seq % 2 else None)
        rows.append(row)
        previous = row.entry_hash
    return rows
