"""Pure rules of the audit service: what an entry holds, how it is written as canonical JSON, how each entry's
hash chains it to the one before, how checkpoints are signed, how a chain is verified and an award re-computed.
No I/O.

The rules, precisely enough to write an independent verifier:

- **Canonical JSON** of a value is `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
  encoded as UTF-8: keys sorted, no spaces, non-ASCII characters written as themselves. JSON numbers are written
  as Python's `json.loads` → `json.dumps` round trip writes them (the rule of evaluation-request/1's
  `input_sha256`, so the two agree); NaN and the infinities are not JSON and are refused.
- An entry's **payload** is the canonical JSON of the event document exactly as it arrived on its topic: the
  whole envelope with its `payload` field, fields this service does not know included, defaults not filled in.
  It is stored as that text; `payload_sha256` is the lowercase hex SHA-256 of its UTF-8 bytes. (A dead letter's
  payload is a wrapper, `audit-dead-letter/1`, holding what arrived: see `capture`.)
- The **header** is `{seq, event_id, event_type, tender_id, actor, occurred_at, recorded_at, payload_sha256}`:
  `seq` numbers the entries 1, 2, 3, … without gaps; `event_id` and `event_type` are the envelope's; `tender_id`
  is the event payload's `tender_id` when that is a non-empty string, else null; `actor` is the envelope's actor
  as `{kind, id, role}`; `occurred_at` is the envelope's time and `recorded_at` the audit service's clock when it
  appended the entry, both written `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC.
- `entry_hash` = SHA-256(previous entry's hash as 32 raw bytes ‖ canonical JSON of the header), shown as
  lowercase hex; before the first entry the previous hash is 32 zero bytes.
- A **checkpoint** `{seq, entry_hash, count, time}` is signed with Ed25519 over its canonical JSON (see
  `checkpoints`).
"""

from services.audit.domain.canonical import canonical_json, parse_utc_text, read_json, sha256_hex, utc_text
from services.audit.domain.capture import DEAD_LETTER, DeadLetter, capture, capture_dead_letter, tender_id_of
from services.audit.domain.chain import (
    EMPTY_CHAIN,
    GENESIS_HASH,
    CapturedEvent,
    ChainTip,
    Entry,
    EntryHeader,
    chain_hash,
    next_entry,
)

__all__ = [
    "DEAD_LETTER",
    "EMPTY_CHAIN",
    "GENESIS_HASH",
    "CapturedEvent",
    "ChainTip",
    "DeadLetter",
    "Entry",
    "EntryHeader",
    "canonical_json",
    "capture",
    "capture_dead_letter",
    "chain_hash",
    "next_entry",
    "parse_utc_text",
    "read_json",
    "sha256_hex",
    "tender_id_of",
    "utc_text",
]
