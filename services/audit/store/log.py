"""The store of the chain: appending after the tip, and reading entries and checkpoints back for auditors."""

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, func, insert
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.audit.domain import EMPTY_CHAIN, GENESIS_HASH, CapturedEvent, ChainTip, Entry, next_entry
from services.audit.domain.checkpoints import Checkpoint
from services.audit.store.tables import AuditCheckpoint, AuditEntry, AuditTable


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

        It serialises the appends of this process; the writer lock (`shared.single_instance`) keeps other processes from
        appending at all, and should one still do so, the primary key on `seq` refuses the later commit.
        """
        return self._writer

    async def append(self, session: AsyncSession, captured: CapturedEvent, *, recorded_at: datetime) -> Entry | None:
        """Add the entry that follows the current tip, in `session`'s transaction; None when the event is in the
        log already (a redelivery: the event id is the natural key)."""
        entries = await self.append_all(session, [captured], recorded_at=recorded_at)
        return entries[0] if entries else None

    async def append_all(
        self,
        session: AsyncSession,
        captured: list[CapturedEvent],
        *,
        recorded_at: datetime,
        tip: ChainTip | None = None,
    ) -> list[Entry]:
        """Append several events in one transaction, in order, leaving out those already in the log. `tip` is the
        writer's own record of the tip, if it keeps one; else it is read."""
        known = await self._known(session, [event.event_id for event in captured])
        tip, entries = tip or await self.tip(session), []
        for event in captured:
            if event.event_id in known:
                continue
            known.add(event.event_id)
            entry = next_entry(tip, event, recorded_at=recorded_at)
            tip = ChainTip(entry.header.seq, entry.entry_hash)
            entries.append(entry)
        if entries:
            # One executemany through the table, not the ORM's unit of work: a tenth of the cost per entry.
            connection = await session.connection()
            await connection.execute(
                insert(AuditTable.metadata.tables["audit_entry"]), [AuditEntry.row(e) for e in entries]
            )
        return entries

    async def _known(self, session: AsyncSession, event_ids: list[str]) -> set[str]:
        found = await session.exec(select(AuditEntry.event_id).where(col(AuditEntry.event_id).in_(event_ids)))
        return set(found.all())

    async def tip(self, session: AsyncSession) -> ChainTip:
        last = select(AuditEntry.seq, AuditEntry.entry_hash).order_by(col(AuditEntry.seq).desc()).limit(1)
        row = (await session.exec(last)).first()
        return EMPTY_CHAIN if row is None else ChainTip(seq=row[0], entry_hash=row[1])

    async def count(self, session: AsyncSession) -> int:
        return int((await session.exec(select(func.count()).select_from(AuditEntry))).one())

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
        query = select(AuditEntry).where(*_conditions(where), col(AuditEntry.seq) > after)
        query = query.order_by(col(AuditEntry.seq)).options(defer(_PAYLOAD))
        if limit is not None:
            query = query.limit(limit)
        return list((await session.exec(query)).all())

    async def bounds(self, session: AsyncSession, where: EntryFilter) -> tuple[int, int] | None:
        """The first and last seq among the entries matching `where`, or None when none does."""
        query = select(func.min(AuditEntry.seq), func.max(AuditEntry.seq)).where(*_conditions(where))
        first, last = (await session.exec(query)).one()
        return None if first is None else (int(first), int(last))

    async def matching(self, session: AsyncSession, where: EntryFilter, first: int, last: int) -> set[int]:
        """The seqs in `first`..`last` that match `where`."""
        query = select(AuditEntry.seq).where(*_conditions(where), col(AuditEntry.seq).between(first, last))
        return {int(seq) for seq in (await session.exec(query)).all()}

    async def with_payloads(self, session: AsyncSession, first: int, last: int) -> list[AuditEntry]:
        query = select(AuditEntry).where(col(AuditEntry.seq) >= first, col(AuditEntry.seq) <= last)
        return list((await session.exec(query.order_by(col(AuditEntry.seq)))).all())

    async def recorded_at(self, session: AsyncSession, seq: int) -> datetime | None:
        found = await session.exec(select(AuditEntry.recorded_at).where(AuditEntry.seq == seq))
        return found.first()


class CheckpointStore:
    """The signed checkpoints in the database (they are also written to a file and the service log)."""

    async def last(self, session: AsyncSession) -> Checkpoint | None:
        query = select(AuditCheckpoint).order_by(col(AuditCheckpoint.seq).desc()).limit(1)
        row = (await session.exec(query)).first()
        return row.checkpoint() if row else None

    def add(self, session: AsyncSession, checkpoint: Checkpoint) -> None:
        session.add(AuditCheckpoint.of(checkpoint))

    async def between(self, session: AsyncSession, first: int, last: int | None = None) -> list[Checkpoint]:
        query = select(AuditCheckpoint).where(col(AuditCheckpoint.seq) >= first)
        if last is not None:
            query = query.where(col(AuditCheckpoint.seq) <= last)
        rows = (await session.exec(query.order_by(col(AuditCheckpoint.seq)))).all()
        return [row.checkpoint() for row in rows]

    async def covering(self, session: AsyncSession, seq: int) -> Checkpoint | None:
        """The first checkpoint whose signature covers entry `seq`."""
        query = select(AuditCheckpoint).where(col(AuditCheckpoint.seq) >= seq).order_by(col(AuditCheckpoint.seq))
        row = (await session.exec(query.limit(1))).first()
        return row.checkpoint() if row else None


# Lists leave payloads (an evaluation result can be large) in the database. SQLModel types a column attribute
# as its value, so the loader option needs it named as the attribute it is.
_PAYLOAD = cast(QueryableAttribute[str], AuditEntry.payload)


def _conditions(where: EntryFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.tender_id is not None:
        conditions.append(col(AuditEntry.tender_id) == where.tender_id)
    if where.event_type is not None:
        conditions.append(col(AuditEntry.event_type) == where.event_type)
    if where.actor_id is not None:
        conditions.append(col(AuditEntry.actor)["id"].as_string() == where.actor_id)
    if where.occurred_from is not None:
        conditions.append(col(AuditEntry.occurred_at) >= where.occurred_from)
    if where.occurred_to is not None:
        conditions.append(col(AuditEntry.occurred_at) < where.occurred_to)
    return conditions
