"""What the audit API answers: entries with their headers exactly as hashed, one entry's payload and position,
pages, timelines, checkpoints and the writer's status."""

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.audit.store import AuditEntry, EntryFilter

TIME_TEXT = "UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, exactly as hashed"


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
    event_type: str = Field(description="The envelope's type; `dead-letter` for a message a service could not handle")
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


class CheckpointOut(BaseModel):
    """A signed checkpoint: Ed25519 over the canonical JSON of `{seq, entry_hash, count, time}`."""

    seq: int
    entry_hash: str
    count: int = Field(description="Entries in the log when it was taken")
    time: str = Field(description=f"When it was taken; {TIME_TEXT}")
    signature: str = Field(description="Base64 Ed25519 signature")
    key_id: str = Field(description="First 16 hex digits of SHA-256 over the raw public key that signed it")


class Position(BaseModel):
    """Where an entry stands in the chain."""

    previous_entry_hash: str = Field(description="The hash this entry chains from; 64 zeros for entry 1")
    chain_length: int = Field(description="Entries in the chain now")
    checkpoint: CheckpointOut | None = Field(description="The first signed checkpoint covering it; null if none yet")


class EntryDetail(EntryOut):
    """One entry with its payload and its place in the chain."""

    previous_entry_hash: str = Field(description="The hash this entry chains from; 64 zeros for entry 1")
    position: Position
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
    event_type: str | None = Field(None, description="e.g. procurement.award-decided, or dead-letter")
    actor_id: str | None = Field(None, description="The actor's id, e.g. an officer's user id or `scoring`")
    occurred_from: AwareDatetime | None = Field(None, description="Occurred at or after this time")
    occurred_to: AwareDatetime | None = Field(None, description="Occurred before this time")
    after: int = Field(0, ge=0, description="Only entries with a greater seq: the previous page's next_after")
    limit: int = Field(100, ge=1, le=1000, description="At most this many entries")

    def entry_filter(self) -> EntryFilter:
        return EntryFilter(**self.model_dump(exclude={"after", "limit"}))


class WriterStatus(BaseModel):
    writer: bool = Field(description="Whether this replica holds the writer lock and appends")
    chain_length: int
    last_checkpoint: CheckpointOut | None
    signing_key_id: str = Field(description="The key this replica signs checkpoints with, when it is the writer")
