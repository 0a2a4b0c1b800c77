"""Routes for reading the log: entries filtered and paged, one entry with its payload and position, a tender's
timeline, the signed checkpoints and the writer's status. Auditors only; headers are shown exactly as hashed."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from services.audit.api.dependencies import AUDITORS_ONLY, FORBIDDEN, NO_ENTRY, AuditLogDep, CheckpointsDep, WriterDep
from services.audit.api.models import (
    CheckpointOut,
    EntryDetail,
    EntryOut,
    EntryPage,
    EntryQuery,
    Position,
    Timeline,
    WriterStatus,
)
from services.audit.domain import read_json
from services.audit.store import EntryFilter
from shared.runtime import RuntimeDep

router = APIRouter(tags=["audit"], dependencies=AUDITORS_ONLY, responses=FORBIDDEN)


@router.get("/entries", summary="Entries in chain order, filtered by tender, type, actor and time, and paged")
async def list_entries(query: Annotated[EntryQuery, Query()], runtime: RuntimeDep, audit_log: AuditLogDep) -> EntryPage:
    async with runtime.sessions() as session:
        # One more than asked, to know whether another page follows.
        rows = await audit_log.find(session, query.entry_filter(), after=query.after, limit=query.limit + 1)
    page = rows[: query.limit]
    next_after = page[-1].seq if len(rows) > query.limit else None
    return EntryPage(entries=[EntryOut.of(row) for row in page], next_after=next_after)


@router.get("/entries/{seq}", summary="One entry with its payload and its position in the chain", responses=NO_ENTRY)
async def get_entry(seq: int, runtime: RuntimeDep, audit_log: AuditLogDep, checkpoints: CheckpointsDep) -> EntryDetail:
    async with runtime.sessions() as session:
        row = await audit_log.get(session, seq)
        if row is None:
            raise HTTPException(404, f"the audit log has no entry {seq}")
        previous_hash = await audit_log.previous_hash(session, seq)
        length = (await audit_log.tip(session)).seq
        covering = await checkpoints.covering(session, seq)
    position = Position(
        previous_entry_hash=previous_hash,
        chain_length=length,
        checkpoint=CheckpointOut(**covering.document()) if covering else None,
    )
    return EntryDetail(
        **EntryOut.of(row).model_dump(),
        previous_entry_hash=previous_hash,
        position=position,
        payload=read_json(row.payload),
    )


@router.get(
    "/tenders/{tender_id}/timeline",
    summary="Everything the log holds on one tender, in chain order",
    responses={404: {"description": "No entry names this tender"}},
)
async def tender_timeline(tender_id: str, runtime: RuntimeDep, audit_log: AuditLogDep) -> Timeline:
    async with runtime.sessions() as session:
        rows = await audit_log.find(session, EntryFilter(tender_id=tender_id))
    if not rows:
        raise HTTPException(404, f"no audit entry names tender {tender_id}")
    return Timeline(tender_id=tender_id, entries=[EntryOut.of(row) for row in rows])


@router.get("/checkpoints", summary="The signed checkpoints, oldest first, from seq `from_seq` on")
async def list_checkpoints(
    runtime: RuntimeDep,
    checkpoints: CheckpointsDep,
    from_seq: Annotated[int, Query(ge=0, description="Only checkpoints at this seq or later")] = 0,
) -> list[CheckpointOut]:
    async with runtime.sessions() as session:
        found = await checkpoints.between(session, from_seq)
    return [CheckpointOut(**checkpoint.document()) for checkpoint in found]


@router.get("/status", summary="Whether this replica is the writer, the chain's length and the last checkpoint")
async def status(
    runtime: RuntimeDep, audit_log: AuditLogDep, checkpoints: CheckpointsDep, writer: WriterDep
) -> WriterStatus:
    async with runtime.sessions() as session:
        length = (await audit_log.tip(session)).seq
        last = await checkpoints.last(session)
    return WriterStatus(
        writer=writer.is_writer,
        chain_length=length,
        last_checkpoint=CheckpointOut(**last.document()) if last else None,
        signing_key_id=writer.checkpointer.key_id,
    )
