"""The export formats: what is written reads back to the same chain, in JSON Lines and CSV alike, and a file that
is not an export is refused with the line and the reason."""

import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.audit.domain.checkpoints import sign_checkpoint
from services.audit.domain.exports import CSV, JSONL, ExportedEntry, ExportError, ExportWriter, read_export
from services.audit.domain.verification import ChainRow, ChainSource, verify_chain
from tests.unit.audit.chains import chain

KEY = Ed25519PrivateKey.generate()
AT = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)


def exported(rows: list[ChainRow], selected: set[int]) -> list[ExportedEntry]:
    return [
        ExportedEntry(
            {
                "seq": row.seq,
                "event_id": row.event_id,
                "event_type": row.event_type,
                "tender_id": row.tender_id,
                "actor": json.loads(row.actor),
                "occurred_at": row.occurred_at,
                "recorded_at": row.recorded_at,
                "payload_sha256": row.payload_sha256,
            },
            row.entry_hash,
            row.payload.decode() if row.payload and row.seq in selected else None,
        )
        for row in rows
    ]


@pytest.mark.parametrize("writer", [JSONL, CSV], ids=["jsonl", "csv"])
def test_an_export_reads_back_to_the_chain_it_was_written_from(writer: ExportWriter) -> None:
    rows = chain(12)
    checkpoint = sign_checkpoint(KEY, seq=10, entry_hash=rows[9].entry_hash, count=10, time=AT)
    meta = {"format": "audit-export/1", "selection": {"tender_id": "T-1"}, "first_seq": 4, "last_seq": 10}
    meta |= {"previous_entry_hash": rows[2].entry_hash, "exported_at": "2026-11-26T14:00:00.000000Z"}
    text = "".join(writer.lines(meta, [*exported(rows[3:10], {5, 7}), checkpoint]))

    content = read_export(text)

    assert content.meta == {"record": "export", **meta}
    assert [row.seq for row in content.rows] == list(range(4, 11))
    assert [row.seq for row in content.rows if row.payload is not None] == [5, 7]
    assert content.rows[1] == rows[4], "an entry reads back exactly as it was in the chain"
    assert content.checkpoints == [checkpoint]
    source = ChainSource("export", [content.rows], meta["previous_entry_hash"], 4, 10)
    assert verify_chain(source, content.checkpoints, KEY.public_key()).intact


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no `export` record"),
        ("not json\n", "line 1: not JSON"),
        ('{"record": "export", "format": "something/1"}\n', "line 1: the format is 'something/1'"),
        ('{"record": "export", "format": "audit-export/1"}\n', "line 1: the export record needs first_seq"),
        ('{"record": "entry", "seq": 1}\n', "line 1: an entry needs event_id"),
        ('{"record": "gossip"}\n', "line 1: unknown record 'gossip'"),
        ("record,seq\nentry,1\n", "line 1: the CSV columns must be"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_with_its_line(text: str, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        read_export(text)
