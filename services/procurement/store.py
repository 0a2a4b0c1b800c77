"""The procurement service's tables (its own registry) and the store that reads and writes them."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel, col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.procurement.domain import TenderStatus
from shared.database import UtcDateTime


class ProcurementTable(SQLModel, registry=registry()):
    """The procurement service's own tables."""


class Tender(ProcurementTable, table=True):
    tender_id: str = Field(primary_key=True)
    reference: str = Field(index=True)
    title: str
    title_en: str | None = None
    description: str | None = None
    deadline: datetime = Field(sa_type=UtcDateTime)
    status: TenderStatus = TenderStatus.DRAFT
    correlation_id: str
    created_at: datetime = Field(sa_type=UtcDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Lot(ProcurementTable, table=True):
    tender_id: str = Field(primary_key=True, foreign_key="tender.tender_id")
    lot_id: str = Field(primary_key=True)
    title: str
    evaluation_model: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class Bidder(ProcurementTable, table=True):
    bidder_id: str = Field(primary_key=True)
    name: str
    country: str = "DK"
    cvr: str | None = None
    national_id: str | None = None
    email: str
    webhook_url: str | None = None
    language: str = "da"
    rsv_registered: bool = False
    registered_at: datetime = Field(sa_type=UtcDateTime)


class Bid(ProcurementTable, table=True):
    """A bid's content, salt and commitment. Sealed: nothing here is shown to anyone but its bidder before the
    tender closes (the API enforces it)."""

    __table_args__ = (UniqueConstraint("tender_id", "lot_id", "bidder_id"),)

    bid_id: str = Field(primary_key=True)
    tender_id: str = Field(foreign_key="tender.tender_id", index=True)
    lot_id: str
    bidder_id: str = Field(foreign_key="bidder.bidder_id")
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    salt: str
    commitment_sha256: str
    received_at: datetime = Field(sa_type=UtcDateTime)


class EvaluationRun(ProcurementTable, table=True):
    request_event_id: str = Field(primary_key=True)
    tender_id: str = Field(foreign_key="tender.tender_id", index=True)
    lot_id: str
    number: int
    status: str = "requested"  # requested, completed, rejected
    requested_at: datetime = Field(sa_type=UtcDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    problems: list[dict[str, str]] | None = Field(default=None, sa_column=Column(JSON))


class Award(ProcurementTable, table=True):
    tender_id: str = Field(primary_key=True, foreign_key="tender.tender_id")
    lot_id: str = Field(primary_key=True)
    award_event_id: str
    evaluation_request_id: str
    winner_bid_id: str
    reason: str | None = None
    decided_at: datetime = Field(sa_type=UtcDateTime)
    notices_dispatched_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class ProcurementStore:
    """Intention-named reads and writes; every write happens in the caller's transaction."""

    async def tender(self, session: AsyncSession, tender_id: str) -> Tender | None:
        return await session.get(Tender, tender_id)

    async def tenders(self, session: AsyncSession) -> list[Tender]:
        return list((await session.exec(select(Tender).order_by(col(Tender.deadline)))).all())

    async def due_for_closing(self, session: AsyncSession, now: datetime) -> list[Tender]:
        query = select(Tender).where(Tender.status == TenderStatus.PUBLISHED, col(Tender.deadline) <= now)
        return list((await session.exec(query)).all())

    async def lots(self, session: AsyncSession, tender_id: str) -> list[Lot]:
        return list((await session.exec(select(Lot).where(Lot.tender_id == tender_id).order_by(Lot.lot_id))).all())

    async def lot(self, session: AsyncSession, tender_id: str, lot_id: str) -> Lot | None:
        return await session.get(Lot, (tender_id, lot_id))

    async def bidder(self, session: AsyncSession, bidder_id: str) -> Bidder | None:
        return await session.get(Bidder, bidder_id)

    async def bid_of(self, session: AsyncSession, tender_id: str, lot_id: str, bidder_id: str) -> Bid | None:
        query = select(Bid).where(Bid.tender_id == tender_id, Bid.lot_id == lot_id, Bid.bidder_id == bidder_id)
        return (await session.exec(query)).first()

    async def bids(self, session: AsyncSession, tender_id: str, lot_id: str | None = None) -> list[Bid]:
        query = select(Bid).where(Bid.tender_id == tender_id)
        if lot_id is not None:
            query = query.where(Bid.lot_id == lot_id)
        return list((await session.exec(query.order_by(col(Bid.received_at)))).all())

    async def bidders(self, session: AsyncSession, bidder_ids: list[str]) -> dict[str, Bidder]:
        rows = (await session.exec(select(Bidder).where(col(Bidder.bidder_id).in_(bidder_ids)))).all()
        return {bidder.bidder_id: bidder for bidder in rows}

    async def count_bids(self, session: AsyncSession, tender_id: str) -> int:
        query = select(func.count()).select_from(Bid).where(Bid.tender_id == tender_id)
        return int((await session.exec(query)).one())

    async def runs(self, session: AsyncSession, tender_id: str, lot_id: str) -> list[EvaluationRun]:
        query = select(EvaluationRun).where(EvaluationRun.tender_id == tender_id, EvaluationRun.lot_id == lot_id)
        return list((await session.exec(query.order_by(col(EvaluationRun.number)))).all())

    async def run(self, session: AsyncSession, request_event_id: str) -> EvaluationRun | None:
        return await session.get(EvaluationRun, request_event_id)

    async def award(self, session: AsyncSession, tender_id: str, lot_id: str) -> Award | None:
        return await session.get(Award, (tender_id, lot_id))

    def add(self, session: AsyncSession, row: ProcurementTable) -> None:
        session.add(row)
