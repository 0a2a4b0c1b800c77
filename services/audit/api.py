"""HTTP routes of the audit service: the chain's entries for auditors, filtered and paged; one entry with its
payload and its link to the one before; a tender's timeline. Headers are shown exactly as they were hashed."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.audit.domain import read_json
from services.audit.store import AuditEntry, AuditLog, EntryFilter
from shared.runtime import RuntimeDep

router = APIRouter(tags=["audit"])
TIME_TEXT = "UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, exactly as hashed"


def get_audit_log(request: Request) -> AuditLog:
    audit_log: AuditLog = request.app.state.audit_log
    return audit_log


AuditLogDep = Annotated[AuditLog, Depends(get_audit_log)]


class ActorOut(BaseModel):
    """Who caused the event, as its envelope named them."""

    model_config = ConfigDict(extra="allow")  # shown as hashed, whatever keys it has

    kind: str = Field(description="user, service or system")
    id: str
    role: str | None = None


class EntryOut(BaseModel):
    """One entry: its header exactly as hashed, the topic the event came from, and the entry's hash."""

    seq: int = Field(description="Position in the chain, counted from 1 without gaps")
    event_id: str
    event_type: str
    tender_id: str | None = Field(description="The tender the event's payload names, if any")
    actor: ActorOut
    occurred_at: str = Field(description=f"When the event happened (its envelope); {TIME_TEXT}")
    recorded_at: str = Field(description=f"When the audit service appended it; {TIME_TEXT}")
    payload_sha256: str = Field(description="SHA-256 of the payload's canonical JSON, lowercase hex")
    topic: str = Field(description="Where the event was read (not hashed)")
    entry_hash: str = Field(description="SHA-256(previous entry_hash ‖ canonical header), lowercase hex")

    @classmethod
    def of(cls, row: AuditEntry) -> "EntryOut":
        return cls(**row.header().document(), topic=row.topic, entry_hash=row.entry_hash)


class EntryDetail(EntryOut):
    """One entry with its payload and its place in the chain."""

    previous_entry_hash: str = Field(description="The hash this entry chains from; 64 zeros for entry 1")
    payload: dict[str, Any] = Field(
        description="The event document as received; its canonical JSON is what payload_sha256 hashes"
    )


class EntryPage(BaseModel):
    entries: list[EntryOut]
    next_after: int | None = Field(description="Pass as `after` for the next page; null on the last page")


class Timeline(BaseModel):
    tender_id: str
    entries: list[EntryOut] = Field(description="Every entry naming the tender, in chain order")


class EntryQuery(BaseModel):
    """Filters (all given must hold) and a page: entries after seq `after`, at most `limit` of them."""

    tender_id: str | None = Field(None, description="Entries whose event payload names this tender")
    event_type: str | None = Field(None, description="e.g. procurement.award-decided")
    actor_id: str | None = Field(None, description="The actor's id, e.g. an officer's user id or `scoring`")
    occurred_from: AwareDatetime | None = Field(None, description="Occurred at or after this time")
    occurred_to: AwareDatetime | None = Field(None, description="Occurred before this time")
    after: int = Field(0, ge=0, description="Only entries with a greater seq: the previous page's next_after")
    limit: int = Field(100, ge=1, le=1000, description="At most this many entries")

    def entry_filter(self) -> EntryFilter:
        return EntryFilter(**self.model_dump(exclude={"after", "limit"}))


@router.get("/entries", summary="Entries in chain order, filtered and paged")
async def list_entries(query: Annotated[EntryQuery, Query()], runtime: RuntimeDep, audit_log: AuditLogDep) -> EntryPage:
    async with runtime.sessions() as session:
        # One more than asked, to know whether another page follows.
        rows = await audit_log.find(session, query.entry_filter(), after=query.after, limit=query.limit + 1)
    page = rows[: query.limit]
    next_after = page[-1].seq if len(rows) > query.limit else None
    return EntryPage(entries=[EntryOut.of(row) for row in page], next_after=next_after)


@router.get(
    "/entries/{seq}",
    summary="One entry with its payload and the hash it chains from",
    responses={404: {"description": "The chain has no entry with this seq"}},
)
async def get_entry(seq: int, runtime: RuntimeDep, audit_log: AuditLogDep) -> EntryDetail:
    async with runtime.sessions() as session:
        row = await audit_log.get(session, seq)
        if row is None:
            raise HTTPException(404, f"the audit log has no entry {seq}")
        previous_hash = await audit_log.previous_hash(session, seq)
    return EntryDetail(
        **EntryOut.of(row).model_dump(), previous_entry_hash=previous_hash, payload=read_json(row.payload)
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
