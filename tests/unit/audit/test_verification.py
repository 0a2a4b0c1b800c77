"""The verifier on chains built in memory: an intact chain, and each kind of change named by its first seq."""

import hashlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.audit.domain import EntryHeader, canonical_json, parse_utc_text
from services.audit.domain.verification import ChainRow, ChainSource, Kind, header_bytes, verify_chain
from tests.unit.audit.chains import chain, entry, rehash


def findings(rows: list[ChainRow], batch: int = 1000, **source: Any) -> list[tuple[int, str]]:
    batches = [rows[i : i + batch] for i in range(0, len(rows), batch)]
    report = verify_chain(ChainSource("test", batches, **source), [], None)
    return [(finding.seq, str(finding.kind)) for finding in report.findings]


def test_an_intact_chain_verifies_whatever_the_batch_size() -> None:
    rows = chain(50)
    for batch in (1, 2, 7, 50, 1000):
        report = verify_chain(ChainSource("t", [rows[i : i + batch] for i in range(0, 50, batch)]), [], None)
        assert report.intact
        assert (report.entries, report.first_seq, report.last_seq) == (50, 1, 50)


def test_an_empty_log_is_intact() -> None:
    assert verify_chain(ChainSource("t", []), [], None).intact


def modified_payload(rows: list[ChainRow]) -> None:
    rows[9] = rows[9]._replace(payload=rows[9].payload.replace(b'"n":10', b'"n":11'))  # type: ignore[union-attr]


def modified_header(rows: list[ChainRow]) -> None:
    rows[4] = rows[4]._replace(event_type="procurement.award-decided")


def modified_stored_hash(rows: list[ChainRow]) -> None:
    rows[6] = rows[6]._replace(entry_hash="ab" * 32)


def unreadable_value(rows: list[ChainRow]) -> None:
    rows[7] = rows[7]._replace(event_id=17)  # type: ignore[arg-type]  # raw SQL can put anything anywhere


def deleted(rows: list[ChainRow]) -> None:
    del rows[11]


def deleted_and_renumbered(rows: list[ChainRow]) -> None:
    del rows[11]
    for i in range(11, len(rows)):
        rows[i] = rows[i]._replace(seq=rows[i].seq - 1)


def deleted_first(rows: list[ChainRow]) -> None:
    del rows[0]


def inserted_with_a_valid_hash(rows: list[ChainRow]) -> None:
    forged = entry(8, rows[6].entry_hash, note="-forged")
    for i in range(7, len(rows)):
        rows[i] = rows[i]._replace(seq=rows[i].seq + 1)
    rows.insert(7, forged)


def inserted_with_a_made_up_hash(rows: list[ChainRow]) -> None:
    inserted_with_a_valid_hash(rows)
    rows[7] = rows[7]._replace(entry_hash="cd" * 32)


def swapped(rows: list[ChainRow]) -> None:
    rows[12], rows[13] = rows[13]._replace(seq=13), rows[12]._replace(seq=14)


def swapped_at_a_batch_boundary(rows: list[ChainRow]) -> None:
    rows[9], rows[10] = rows[10]._replace(seq=10), rows[9]._replace(seq=11)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (modified_payload, [(10, "payload-modified")]),
        (modified_header, [(5, "header-modified")]),
        (modified_stored_hash, [(7, "header-modified")]),
        (unreadable_value, [(8, "header-modified")]),
        (deleted, [(12, "deleted")]),
        (deleted_and_renumbered, [(12, "deleted")]),
        (deleted_first, [(1, "deleted")]),
        (inserted_with_a_valid_hash, [(8, "inserted")]),
        (inserted_with_a_made_up_hash, [(8, "inserted")]),
        (swapped, [(13, "reordered")]),
        (swapped_at_a_batch_boundary, [(10, "reordered")]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
@pytest.mark.parametrize("batch", [10, 1000], ids=["batches-of-10", "one-batch"])
def test_each_change_is_named_by_its_kind_and_first_seq(
    change: Any, expected: list[tuple[int, str]], batch: int
) -> None:
    rows = chain(30)
    change(rows)
    assert findings(rows, batch) == expected


def test_two_changes_are_two_findings_in_seq_order() -> None:
    rows = chain(30)
    modified_header(rows)
    modified_payload(rows)
    deleted(rows)
    assert findings(rows) == [(5, "header-modified"), (10, "payload-modified"), (12, "deleted")]


def test_a_chain_rebuilt_after_a_change_holds_together_link_by_link() -> None:
    # What only a signed checkpoint can reveal (see test_checkpoints): every link re-computed after the change.
    rows = chain(30)
    rows[4] = rows[4]._replace(event_type="procurement.award-decided")
    for i in range(4, 30):
        rows[i] = rehash(rows[i], rows[i - 1].entry_hash)
    assert findings(rows) == []


def test_an_export_starts_from_its_previous_hash_and_first_seq() -> None:
    rows = chain(30)
    assert findings(rows[10:20], previous_hash=rows[9].entry_hash, first_seq=11, last_seq=20) == []
    assert findings(rows[10:18], previous_hash=rows[9].entry_hash, first_seq=11, last_seq=20) == [
        (19, "tail-truncated")
    ]
    assert findings(rows[10:20], previous_hash="00" * 32, first_seq=11) == [(11, "header-modified")]


def test_findings_past_the_limit_are_counted() -> None:
    rows = chain(30)
    for i in range(30):
        rows[i] = rows[i]._replace(payload=b"{}")
    report = verify_chain(ChainSource("t", [rows]), [], None, limit=5)
    assert (len(report.findings), report.unlisted) == (5, 25)
    assert not report.intact


texts = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)


@given(
    event_id=texts,
    event_type=texts,
    tender_id=st.none() | texts.filter(bool),
    actor=st.fixed_dictionaries({"kind": texts, "id": texts, "role": st.none() | texts}),
    seq=st.integers(min_value=1, max_value=2**62),
)
def test_the_fast_header_is_the_canonical_json_of_the_header(
    event_id: str, event_type: str, tender_id: str | None, actor: dict[str, Any], seq: int
) -> None:
    moment = "2026-11-26T12:00:00.000001Z"
    header = EntryHeader(
        seq, event_id, event_type, tender_id, actor, parse_utc_text(moment), parse_utc_text(moment), "ab" * 32
    )
    row = ChainRow(
        seq, event_id, event_type, tender_id, canonical_json(actor).decode(), moment, moment, "ab" * 32, "", None
    )
    assert header_bytes(row, seq) == canonical_json(header.document())
    assert (
        hashlib.sha256(header_bytes(row, seq)).hexdigest()
        == hashlib.sha256(canonical_json(header.document())).hexdigest()
    )


def test_kinds_are_the_issues_words() -> None:
    assert {str(kind) for kind in Kind} == {
        "payload-modified",
        "header-modified",
        "deleted",
        "inserted",
        "reordered",
        "rewritten-chain",
        "tail-truncated",
    }
