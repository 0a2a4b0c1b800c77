"""A chain row as a verifier reads it, and its header's canonical bytes built without a general JSON encoder.

Building the header by concatenation is what makes verifying a million entries take seconds: the keys are fixed
and already in sorted order, so only the string values need JSON escaping (the C escaper `json.dumps` itself
uses with `ensure_ascii=False`). A unit test holds it equal to `canonical_json(header.document())`.
"""

import json
from json.encoder import encode_basestring
from typing import Any, NamedTuple

from services.audit.domain.canonical import canonical_json


class ChainRow(NamedTuple):
    """One entry as stored: the header's fields (times in their hashed text; the actor as stored, JSON text that
    `ACTORS` turns canonical), the stored hash, and the payload's bytes when the source holds them (an export
    leaves some out)."""

    seq: int
    event_id: str
    event_type: str
    tender_id: str | None
    actor: str  # JSON text of the actor object, canonical or not
    occurred_at: str
    recorded_at: str
    payload_sha256: str
    entry_hash: str
    payload: bytes | None


class ActorTexts(dict[Any, str]):
    """Canonical actor JSON by the actor's stored text, remembered: a log has few distinct actors and many
    entries, and a dict lookup is all a known one costs (no Python call)."""

    def __missing__(self, stored: Any) -> str:
        canonical = _canonical_actor(stored)
        if len(self) < 100_000:  # a log of forged actors must not exhaust memory
            self[stored] = canonical
        return canonical


ACTORS = ActorTexts()
# Not JSON, so it can never hash to what the writer hashed: the row is reported as modified.
_NOT_AN_ACTOR = "\x00not-an-actor"


def _canonical_actor(stored: Any) -> str:
    if not isinstance(stored, str):
        return _NOT_AN_ACTOR
    try:
        value = json.loads(stored)
    except ValueError:
        return _NOT_AN_ACTOR
    return canonical_json(value).decode() if isinstance(value, dict) else _NOT_AN_ACTOR


def header_bytes(row: ChainRow, seq: int) -> bytes:
    """The canonical header of `row` with `seq` as its seq (a verifier tries others when a row seems moved).

    Raises TypeError or UnicodeEncodeError when a stored value cannot be part of any header (raw SQL can put an
    integer where text belongs): such a row was not written by the log."""
    tender_id = row[3]
    return (
        f'{{"actor":{ACTORS[row[4]]},"event_id":{encode_basestring(row[1])},"event_type":{encode_basestring(row[2])},'
        f'"occurred_at":{encode_basestring(row[5])},"payload_sha256":{encode_basestring(row[7])},'
        f'"recorded_at":{encode_basestring(row[6])},"seq":{int.__repr__(seq)},'
        f'"tender_id":{"null" if tender_id is None else encode_basestring(tender_id)}}}'
    ).encode()
