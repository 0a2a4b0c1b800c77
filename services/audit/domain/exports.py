"""Exports as JSON Lines and CSV: the headers of every entry in a range, the payloads of the selected entries, and
the checkpoints that vouch for the range, so that an export verifies on its own.

Records (JSON Lines: one object a line; CSV: one row each, under a header row):

- `export`, first: `format` (`audit-export/1`), `selection`, `first_seq`, `last_seq`, `previous_entry_hash` (the hash
  entry `first_seq` chains from) and `exported_at`;
- `entry`: the header's eight fields, `entry_hash`, and `payload` (the payload's canonical JSON as a string, so its
  bytes hash to `payload_sha256`; null for an entry outside the selection);
- `checkpoint`: `seq`, `entry_hash`, `count`, `time`, `signature`, `key_id`.

CSV columns: `record, seq, event_id, event_type, tender_id, actor, occurred_at, recorded_at, payload_sha256,
entry_hash, payload`. An entry's `actor` is its canonical JSON and an empty `tender_id` or `payload` means null (a
real tender id or payload is never empty); an `export` or `checkpoint` row holds its whole record as canonical JSON
in `payload`, and its `seq`.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from services.audit.domain.canonical import canonical_json
from services.audit.domain.checkpoints import Checkpoint
from services.audit.domain.verification import ChainRow

EXPORT_FORMAT = "audit-export/1"
CSV_COLUMNS = (
    "record",
    "seq",
    "event_id",
    "event_type",
    "tender_id",
    "actor",
    "occurred_at",
    "recorded_at",
    "payload_sha256",
    "entry_hash",
    "payload",
)
HEADER_FIELDS = CSV_COLUMNS[1:9]


class ExportError(ValueError):
    """An export file this reader cannot take: the message names the line and what is wrong."""


@dataclass(frozen=True)
class ExportedEntry:
    header: dict[str, Any]  # the eight fields, as hashed
    entry_hash: str
    payload: str | None  # canonical JSON text, or None outside the selection


@dataclass(frozen=True)
class ExportContent:
    meta: dict[str, Any]
    rows: list[ChainRow]
    checkpoints: list[Checkpoint]


def jsonl_opening(meta: dict[str, Any]) -> str:
    return _json_line({"record": "export", **meta})


def jsonl_record(record: ExportedEntry | Checkpoint) -> str:
    if isinstance(record, Checkpoint):
        return _json_line({"record": "checkpoint", **record.document()})
    return _json_line({"record": "entry", **record.header, "entry_hash": record.entry_hash, "payload": record.payload})


def csv_opening(meta: dict[str, Any]) -> str:
    return _csv_line(CSV_COLUMNS) + _csv_line(
        ["export", meta["first_seq"], *[""] * 8, _text({"record": "export", **meta})]
    )


def csv_record(record: ExportedEntry | Checkpoint) -> str:
    if isinstance(record, Checkpoint):
        return _csv_line(["checkpoint", record.seq, *[""] * 8, _text({"record": "checkpoint", **record.document()})])
    header = record.header
    return _csv_line(
        [
            "entry",
            header["seq"],
            header["event_id"],
            header["event_type"],
            header["tender_id"] or "",
            _text(header["actor"]),
            header["occurred_at"],
            header["recorded_at"],
            header["payload_sha256"],
            record.entry_hash,
            record.payload or "",
        ]
    )


@dataclass(frozen=True)
class ExportWriter:
    """One format: the text before the records, and the text of each record."""

    opening: Callable[[dict[str, Any]], str]
    record: Callable[[ExportedEntry | Checkpoint], str]

    def lines(self, meta: dict[str, Any], records: Iterable[ExportedEntry | Checkpoint]) -> Iterator[str]:
        yield self.opening(meta)
        yield from map(self.record, records)


JSONL = ExportWriter(jsonl_opening, jsonl_record)
CSV = ExportWriter(csv_opening, csv_record)


def _json_line(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def _text(value: Any) -> str:
    return canonical_json(value).decode()


def _csv_line(values: Iterable[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def read_export(text: str) -> ExportContent:
    """An export read back, JSON Lines or CSV (told apart by the first line); ExportError on bad input."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    records = _csv_records(text) if first.startswith("record,") else _jsonl_records(text)
    meta: dict[str, Any] | None = None
    rows: list[ChainRow] = []
    checkpoints: list[Checkpoint] = []
    for line, record in records:
        kind = record.get("record")
        try:
            if kind == "export":
                meta = _meta(record)
            elif kind == "entry":
                rows.append(_row(record))
            elif kind == "checkpoint":
                checkpoints.append(Checkpoint.from_document(record))
            else:
                raise ValueError(f"unknown record {kind!r}")
        except (ValueError, TypeError, KeyError) as error:
            raise ExportError(f"line {line}: {error}") from None
    if meta is None:
        raise ExportError("no `export` record: this is not an audit export")
    return ExportContent(meta, sorted(rows, key=lambda row: row.seq), checkpoints)


def _jsonl_records(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise ExportError(f"line {number}: not JSON ({error})") from None
        if not isinstance(record, dict):
            raise ExportError(f"line {number}: a record is a JSON object")
        yield number, record


def _csv_records(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise ExportError(f"line 1: the CSV columns must be {', '.join(CSV_COLUMNS)}")
    for row in reader:
        number = reader.line_num
        if row["record"] in ("export", "checkpoint"):
            try:
                yield number, json.loads(row["payload"])
            except ValueError as error:
                raise ExportError(f"line {number}: the {row['record']} record is not JSON ({error})") from None
            continue
        yield number, {**row, "tender_id": row["tender_id"] or None, "payload": row["payload"] or None}


def _meta(record: dict[str, Any]) -> dict[str, Any]:
    if record.get("format") != EXPORT_FORMAT:
        raise ValueError(f"the format is {record.get('format')!r}, not {EXPORT_FORMAT}")
    for field, kind in (("first_seq", int), ("last_seq", int), ("previous_entry_hash", str)):
        if not isinstance(record.get(field), kind):
            raise ValueError(f"the export record needs {field}")
    return record


def _row(record: dict[str, Any]) -> ChainRow:
    missing = [field for field in (*HEADER_FIELDS, "entry_hash") if field not in record]
    if missing:
        raise ValueError(f"an entry needs {', '.join(missing)}")
    actor = record["actor"]
    payload = record["payload"]
    return ChainRow(
        seq=int(record["seq"]),
        event_id=record["event_id"],
        event_type=record["event_type"],
        tender_id=record["tender_id"],
        actor=actor if isinstance(actor, str) else canonical_json(actor).decode(),  # CSV: text; JSON Lines: an object
        occurred_at=record["occurred_at"],
        recorded_at=record["recorded_at"],
        payload_sha256=record["payload_sha256"],
        entry_hash=record["entry_hash"],
        payload=payload.encode() if isinstance(payload, str) else None,
    )
