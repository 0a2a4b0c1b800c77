"""The audit service's table, the append-only chain of entries, and the store that appends to it and reads it."""

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import JSON, Column, Text
from sqlalchemy.orm import QueryableAttribute, defer, registry
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from services.audit.domain import EMPTY_CHAIN, GENESIS_HASH, CapturedEvent, ChainTip, Entry, EntryHeader, next_entry
from shared.database import UtcDateTime


class AuditTable(SQLModel, registry=registry()):
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
        header = entry.header
        return cls(
            seq=header.seq,
            event_id=header.event_id,
            event_type=header.event_type,
            topic=entry.topic,
            tender_id=header.tender_id,
            actor=header.actor,
            occurred_at=header.occurred_at,
            recorded_at=header.recorded_at,
            payload=entry.payload,
            payload_sha256=header.payload_sha256,
            entry_hash=entry.entry_hash,
        )

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


@dataclass(frozen=True)
class EntryFilter:
    """Which entries an auditor asks for; every condition given must hold."""

    tender_id: str | None = None
    event_type: str | None = None
    actor_id: str | None = None
    occurred_from: datetime | None = None  # inclusive
    occurred_to: datetime | None = None  # exclusive


class AuditLog:
    """The chain's one writer in this process, and its readers."""

    def __init__(self) -> None:
        self._writer = asyncio.Lock()

    def single_writer(self) -> asyncio.Lock:
        """Hold this from reading the tip to the commit, so that two appends never chain from the same entry.

        It serialises the handler invocations of this process; should another process append at the same time,
        the primary key on `seq` refuses the later commit and its handling is retried on top of the new tip.
        """
        return self._writer

    async def append(self, session: AsyncSession, captured: CapturedEvent, *, recorded_at: datetime) -> Entry:
        """Add the entry that follows the current tip, in `session`'s transaction."""
        entry = next_entry(await self.tip(session), captured, recorded_at=recorded_at)
        session.add(AuditEntry.of(entry))
        return entry

    async def tip(self, session: AsyncSession) -> ChainTip:
        last = select(AuditEntry.seq, AuditEntry.entry_hash).order_by(col(AuditEntry.seq).desc()).limit(1)
        row = (await session.exec(last)).first()
        return EMPTY_CHAIN if row is None else ChainTip(seq=row[0], entry_hash=row[1])

    async def get(self, session: AsyncSession, seq: int) -> AuditEntry | None:
        return await session.get(AuditEntry, seq)

    async def previous_hash(self, session: AsyncSession, seq: int) -> str:
        """The hash entry `seq` chains from (entries are numbered without gaps)."""
        previous = await session.get(AuditEntry, seq - 1) if seq > 1 else None
        return previous.entry_hash if previous else GENESIS_HASH

    async def find(
        self, session: AsyncSession, where: EntryFilter, *, after: int = 0, limit: int | None = None
    ) -> list[AuditEntry]:
        """Entries matching `where` in chain order, from the first after seq `after`; payloads not loaded."""
        query = _filtered(select(AuditEntry), where).where(col(AuditEntry.seq) > after)
        query = query.order_by(col(AuditEntry.seq)).options(defer(_PAYLOAD))
        if limit is not None:
            query = query.limit(limit)
        return list((await session.exec(query)).all())


# Lists leave payloads (an evaluation result can be large) in the database. SQLModel types a column attribute
# as its value, so the loader option needs it named as the attribute it is.
_PAYLOAD = cast(QueryableAttribute[str], AuditEntry.payload)


def _filtered(query: SelectOfScalar[AuditEntry], where: EntryFilter) -> SelectOfScalar[AuditEntry]:
    if where.tender_id is not None:
        query = query.where(col(AuditEntry.tender_id) == where.tender_id)
    if where.event_type is not None:
        query = query.where(col(AuditEntry.event_type) == where.event_type)
    if where.actor_id is not None:
        query = query.where(col(AuditEntry.actor)["id"].as_string() == where.actor_id)
    if where.occurred_from is not None:
        query = query.where(col(AuditEntry.occurred_at) >= where.occurred_from)
    if where.occurred_to is not None:
        query = query.where(col(AuditEntry.occurred_at) < where.occurred_to)
    return query
