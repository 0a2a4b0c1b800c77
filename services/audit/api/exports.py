"""Exports: a tender, or a time range, as JSON Lines or CSV that verify on their own.

The selection (the tender's entries, or those that occurred in the range) decides which payloads go in; the range
from its first to its last entry decides whose headers go in, all of them, so the chain can be re-computed across
entries of other tenders without showing their payloads. The range runs on to the next checkpoint, when there is
one, so that a signature vouches for the whole export.
"""

from collections.abc import AsyncIterator
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime

from services.audit.api.dependencies import AUDITORS_ONLY, FORBIDDEN, AuditLogDep, CheckpointsDep, Responses
from services.audit.domain import utc_text
from services.audit.domain.checkpoints import Checkpoint
from services.audit.domain.exports import CSV, EXPORT_FORMAT, JSONL, ExportedEntry, ExportWriter
from services.audit.store import AuditLog, CheckpointStore, EntryFilter
from shared.runtime import RuntimeDep, ServiceRuntime

router = APIRouter(prefix="/exports", tags=["exports"], dependencies=AUDITORS_ONLY, responses=FORBIDDEN)
PAGE = 1000
NOTHING: Responses = {404: {"description": "No entry matches the selection"}}


class Format(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


MEDIA = {Format.JSONL: "application/x-ndjson", Format.CSV: "text/csv; charset=utf-8"}
FormatQuery = Annotated[Format, Query(description="`jsonl` (JSON Lines) or `csv`")]


@router.get("/tenders/{tender_id}", summary="A tender's entries, as JSON Lines or CSV", responses=NOTHING)
async def export_tender(
    tender_id: str,
    runtime: RuntimeDep,
    audit_log: AuditLogDep,
    checkpoints: CheckpointsDep,
    format: FormatQuery = Format.JSONL,
) -> StreamingResponse:
    export = Export(runtime, audit_log, checkpoints)
    return await export.respond(EntryFilter(tender_id=tender_id), {"tender_id": tender_id}, format, tender_id)


@router.get("", summary="The entries that occurred in a time range, as JSON Lines or CSV", responses=NOTHING)
async def export_range(
    runtime: RuntimeDep,
    audit_log: AuditLogDep,
    checkpoints: CheckpointsDep,
    occurred_from: Annotated[AwareDatetime, Query(description="From this time (inclusive)")],
    occurred_to: Annotated[AwareDatetime, Query(description="To this time (exclusive)")],
    format: FormatQuery = Format.JSONL,
) -> StreamingResponse:
    if occurred_to <= occurred_from:
        raise HTTPException(422, "occurred_to must be later than occurred_from")
    selection = {"occurred_from": utc_text(occurred_from), "occurred_to": utc_text(occurred_to)}
    where = EntryFilter(occurred_from=occurred_from, occurred_to=occurred_to)
    name = f"{occurred_from:%Y%m%dT%H%M%S}-{occurred_to:%Y%m%dT%H%M%S}"
    return await Export(runtime, audit_log, checkpoints).respond(where, selection, format, name)


class Export:
    def __init__(self, runtime: ServiceRuntime, audit_log: AuditLog, checkpoints: CheckpointStore) -> None:
        self._runtime = runtime
        self._audit_log = audit_log
        self._checkpoints = checkpoints

    async def respond(
        self, where: EntryFilter, selection: dict[str, Any], format: Format, name: str
    ) -> StreamingResponse:
        async with self._runtime.sessions() as session:
            bounds = await self._audit_log.bounds(session, where)
            if bounds is None:
                raise HTTPException(404, "no audit entry matches the selection")
            first, last = bounds
            covering = await self._checkpoints.covering(session, last)
            last = covering.seq if covering else last
            meta = {
                "format": EXPORT_FORMAT,
                "selection": selection,
                "first_seq": first,
                "last_seq": last,
                "previous_entry_hash": await self._audit_log.previous_hash(session, first),
                "exported_at": utc_text(self._runtime.clock.now()),
            }
            signed = await self._checkpoints.between(session, first, last)
        writer = JSONL if format is Format.JSONL else CSV
        body = self._stream(writer, meta, where, signed)
        disposition = f'attachment; filename="audit-{_safe(name)}-{first}-{last}.{format.value}"'
        return StreamingResponse(body, media_type=MEDIA[format], headers={"Content-Disposition": disposition})

    async def _stream(
        self, writer: ExportWriter, meta: dict[str, Any], where: EntryFilter, signed: list[Checkpoint]
    ) -> AsyncIterator[bytes]:
        """Read page by page while the export streams: a long range never sits in memory whole."""
        yield writer.opening(meta).encode()
        first, last = meta["first_seq"], meta["last_seq"]
        for page_first in range(first, last + 1, PAGE):
            records = await self._page(where, page_first, min(page_first + PAGE - 1, last), signed)
            yield "".join(map(writer.record, records)).encode()

    async def _page(
        self, where: EntryFilter, first: int, last: int, signed: list[Checkpoint]
    ) -> list[ExportedEntry | Checkpoint]:
        async with self._runtime.sessions() as session:
            rows = await self._audit_log.with_payloads(session, first, last)
            selected = await self._audit_log.matching(session, where, first, last)
        by_seq = {checkpoint.seq: checkpoint for checkpoint in signed}
        records: list[ExportedEntry | Checkpoint] = []
        for row in rows:
            payload = row.payload if row.seq in selected else None
            records.append(ExportedEntry(row.header().document(), row.entry_hash, payload))
            if row.seq in by_seq:
                records.append(by_seq[row.seq])
        return records


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:80]
