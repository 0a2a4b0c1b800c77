"""Signed checkpoints: the signature over the four fields, the cadence, and what holding a chain to them reveals."""

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.audit.domain.checkpoints import Cadence, Checkpoint, checkpoint_due, sign_checkpoint, signature_holds
from services.audit.domain.verification import ChainRow, ChainSource, verify_chain
from tests.unit.audit.chains import chain, rehash

KEY = Ed25519PrivateKey.generate()
AT = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)


def checkpoints_of(rows: list[ChainRow], seqs: list[int], key: Ed25519PrivateKey = KEY) -> list[Checkpoint]:
    return [sign_checkpoint(key, seq=s, entry_hash=rows[s - 1].entry_hash, count=s, time=AT) for s in seqs]


def test_the_signature_covers_exactly_the_four_fields_as_canonical_json() -> None:
    checkpoint = sign_checkpoint(KEY, seq=5, entry_hash="ab" * 32, count=5, time=AT)

    signed = json.dumps(
        {"seq": 5, "entry_hash": "ab" * 32, "count": 5, "time": "2026-11-26T13:00:00.000000Z"},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    KEY.public_key().verify(base64.b64decode(checkpoint.signature), signed)  # raises if not
    assert signature_holds(checkpoint, KEY.public_key())
    assert not signature_holds(checkpoint, Ed25519PrivateKey.generate().public_key())
    for change in ({"seq": 6}, {"entry_hash": "cd" * 32}, {"count": 4}, {"time": "2026-11-26T13:00:01.000000Z"}):
        forged = Checkpoint(**{**checkpoint.document(), **change})
        assert not signature_holds(forged, KEY.public_key()), change
    assert not signature_holds(Checkpoint(**{**checkpoint.document(), "signature": "not base64!"}), KEY.public_key())


@pytest.mark.parametrize(
    ("tip", "checkpointed", "age", "due"),
    [
        (10, 0, 0, True),  # N entries since the last
        (9, 0, 0, False),
        (3, 0, 60, True),  # the oldest uncovered entry is T old
        (3, 0, 59, False),
        (5, 5, 3600, False),  # an idle log takes none
    ],
)
def test_a_checkpoint_is_due_every_n_entries_or_t_seconds(tip: int, checkpointed: int, age: int, due: bool) -> None:
    cadence = Cadence(every_entries=10, every=timedelta(seconds=60))
    oldest = AT - timedelta(seconds=age) if tip > checkpointed else None
    assert (
        checkpoint_due(cadence, tip_seq=tip, checkpointed_seq=checkpointed, oldest_uncovered_at=oldest, now=AT) is due
    )


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "a JSON object"),
        ({"seq": 1}, "needs entry_hash"),
        ({"seq": "1", "entry_hash": "", "count": 1, "time": "", "signature": "", "key_id": ""}, "integers"),
        ({"seq": 1, "entry_hash": 2, "count": 1, "time": "", "signature": "", "key_id": ""}, "strings"),
    ],
)
def test_a_checkpoint_read_back_names_what_is_wrong(document: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Checkpoint.from_document(document)


def verify(rows: list[ChainRow], checkpoints: list[Checkpoint], **source: object) -> list[tuple[int, str]]:
    report = verify_chain(ChainSource("t", [rows], **source), checkpoints, KEY.public_key())  # type: ignore[arg-type]
    return [(finding.seq, str(finding.kind)) for finding in report.findings]


def test_the_checkpoints_vouch_up_to_the_latest_and_the_report_says_so() -> None:
    rows = chain(23)
    report = verify_chain(ChainSource("t", [rows]), checkpoints_of(rows, [5, 10, 15, 20]), KEY.public_key())
    assert report.intact
    assert report.coverage.latest is not None
    assert report.coverage.latest.seq == 20
    assert report.notes[-1].startswith("entries 21–23 are after the latest checkpoint")


def test_a_rebuilt_chain_disagrees_with_the_first_checkpoint_after_the_change() -> None:
    rows = chain(23)
    signed = checkpoints_of(rows, [5, 10, 15, 20])
    rows[12] = rows[12]._replace(event_type="procurement.award-decided")
    for i in range(12, 23):
        rows[i] = rehash(rows[i], rows[i - 1].entry_hash)
    assert verify(rows, signed) == [(11, "rewritten-chain")]


def test_checkpoints_not_signed_by_the_pinned_key_vouch_for_nothing() -> None:
    rows = chain(23)
    other = Ed25519PrivateKey.generate()
    assert verify(rows, checkpoints_of(rows, [5, 10], other)) == [(1, "rewritten-chain")]
    mixed = checkpoints_of(rows, [5]) + checkpoints_of(rows, [10, 15], other)
    assert verify(rows, mixed) == [(6, "rewritten-chain")]


def test_a_cut_tail_is_detected_up_to_the_latest_checkpoint() -> None:
    rows = chain(23)
    signed = checkpoints_of(rows, [5, 10, 15, 20])
    assert verify(rows[:17], signed) == [(18, "tail-truncated")]
    assert verify(rows[:21], signed) == [], "a cut after the latest checkpoint cannot be seen"
    assert verify([], signed) == [(1, "tail-truncated")]


def test_a_problem_the_walk_found_first_is_not_reported_again_by_the_checkpoints() -> None:
    rows = chain(23)
    signed = checkpoints_of(rows, [5, 10, 15, 20])
    del rows[6]
    assert verify(rows, signed) == [(7, "deleted")]


def test_an_exports_checkpoints_outside_its_range_do_not_apply() -> None:
    rows = chain(23)
    signed = checkpoints_of(rows, [5, 10, 15, 20])
    part = rows[10:15]
    assert verify(part, signed, previous_hash=rows[9].entry_hash, first_seq=11, last_seq=15) == []
