"""The audit service's tables: the append-only chain of entries, and the signed checkpoints."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from services.audit.domain import Entry, EntryHeader
from services.audit.domain.checkpoints import Checkpoint
from shared.database import UtcDateTime, service_registry


class AuditTable(SQLModel, registry=service_registry()):
    """The audit service's own tables."""


class AuditEntry(AuditTable, table=True):
    """One entry of the chain. Rows are only ever inserted: this store has no update and no delete."""

    __tablename__ = "audit_entry"

    # Assigned by `AuditLog.append`, not by the database: it is hashed, so it must be known before the insert,
    # and a rolled-back insert must leave no gap that a verifier would take for a deleted entry.
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    event_id: str = Field(unique=True)
    event_type: str = Field(index=True)
    topic: str
    tender_id: str | None = Field(default=None, index=True)
    actor: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    occurred_at: datetime = Field(sa_type=UtcDateTime, index=True)
    recorded_at: datetime = Field(sa_type=UtcDateTime)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    payload_sha256: str
    entry_hash: str

    @classmethod
    def of(cls, entry: Entry) -> "AuditEntry":
        return cls(**cls.row(entry))

    @staticmethod
    def row(entry: Entry) -> dict[str, Any]:
        """The entry's columns, for a bulk insert."""
        header = entry.header
        return {
            "seq": header.seq,
            "event_id": header.event_id,
            "event_type": header.event_type,
            "topic": entry.topic,
            "tender_id": header.tender_id,
            "actor": header.actor,
            "occurred_at": header.occurred_at,
            "recorded_at": header.recorded_at,
            "payload": entry.payload,
            "payload_sha256": header.payload_sha256,
            "entry_hash": entry.entry_hash,
        }

    def header(self) -> EntryHeader:
        return EntryHeader(
            seq=self.seq,
            event_id=self.event_id,
            event_type=self.event_type,
            tender_id=self.tender_id,
            actor=self.actor,
            occurred_at=self.occurred_at,
            recorded_at=self.recorded_at,
            payload_sha256=self.payload_sha256,
        )


class AuditCheckpoint(AuditTable, table=True):
    """A signed checkpoint, as signed: its time is kept as the text the signature covers."""

    __tablename__ = "audit_checkpoint"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    entry_hash: str
    count: int
    time: str
    signature: str
    key_id: str

    @classmethod
    def of(cls, checkpoint: Checkpoint) -> "AuditCheckpoint":
        return cls(**checkpoint.document())

    def checkpoint(self) -> Checkpoint:
        return Checkpoint(self.seq, self.entry_hash, self.count, self.time, self.signature, self.key_id)
