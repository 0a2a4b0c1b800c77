"""The procurement store: intention-named reads and writes, every write in the caller's transaction."""

from datetime import datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.procurement.domain import Reservation, TenderStatus
from services.procurement.store.award_tables import (
    Assessment,
    CommitteeMember,
    Complaint,
    ConsensusPoints,
    Contract,
    EvaluatorPoints,
    OutcomeReport,
    ReminderSent,
)
from services.procurement.store.tables import (
    Amendment,
    Award,
    Bid,
    Bidder,
    EvaluationRun,
    Lot,
    ProcurementTable,
    ProxyTableVersion,
    Question,
    Tender,
    TenderKey,
)


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

    async def tender_key(self, session: AsyncSession, tender_id: str) -> TenderKey | None:
        return await session.get(TenderKey, tender_id)

    async def bids(self, session: AsyncSession, tender_id: str, lot_id: str | None = None) -> list[Bid]:
        """The tender's bids that stand (withdrawn ones left out), oldest first."""
        query = select(Bid).where(Bid.tender_id == tender_id, col(Bid.withdrawn_at).is_(None))
        if lot_id is not None:
            query = query.where(Bid.lot_id == lot_id)
        return list((await session.exec(query.order_by(col(Bid.received_at)))).all())

    async def bidders(self, session: AsyncSession, bidder_ids: list[str]) -> dict[str, Bidder]:
        rows = (await session.exec(select(Bidder).where(col(Bidder.bidder_id).in_(bidder_ids)))).all()
        return {bidder.bidder_id: bidder for bidder in rows}

    async def count_bids(self, session: AsyncSession, tender_id: str) -> int:
        query = select(func.count()).select_from(Bid).where(Bid.tender_id == tender_id, col(Bid.withdrawn_at).is_(None))
        return int((await session.exec(query)).one())

    async def runs(self, session: AsyncSession, tender_id: str, lot_id: str) -> list[EvaluationRun]:
        query = select(EvaluationRun).where(EvaluationRun.tender_id == tender_id, EvaluationRun.lot_id == lot_id)
        return list((await session.exec(query.order_by(col(EvaluationRun.number)))).all())

    async def run(self, session: AsyncSession, request_event_id: str) -> EvaluationRun | None:
        return await session.get(EvaluationRun, request_event_id)

    async def award(self, session: AsyncSession, tender_id: str, lot_id: str) -> Award | None:
        return await session.get(Award, (tender_id, lot_id))

    async def awards(self, session: AsyncSession, tender_id: str) -> list[Award]:
        return list((await session.exec(select(Award).where(Award.tender_id == tender_id))).all())

    def add(self, session: AsyncSession, row: ProcurementTable) -> None:
        session.add(row)

    async def art77_awards_to(self, session: AsyncSession, bidder_id: str) -> list[datetime]:
        """When the bidder won contracts reserved under Art. 77 (the suite's own award history)."""
        query = (
            select(Award.decided_at)
            .join(Tender, col(Tender.tender_id) == col(Award.tender_id))
            .where(Award.winner_bidder_id == bidder_id, Tender.reservation == Reservation.ART77)
        )
        return list((await session.exec(query)).all())

    async def proxy_table(self, session: AsyncSession, version: str) -> ProxyTableVersion | None:
        return await session.get(ProxyTableVersion, version)

    async def proxy_tables(self, session: AsyncSession) -> list[ProxyTableVersion]:
        query = select(ProxyTableVersion).order_by(col(ProxyTableVersion.added_at), col(ProxyTableVersion.version))
        return list((await session.exec(query)).all())

    async def amendments(self, session: AsyncSession, tender_id: str) -> list[Amendment]:
        query = select(Amendment).where(Amendment.tender_id == tender_id).order_by(col(Amendment.number))
        return list((await session.exec(query)).all())

    async def questions(self, session: AsyncSession, tender_id: str) -> list[Question]:
        query = select(Question).where(Question.tender_id == tender_id).order_by(col(Question.number))
        return list((await session.exec(query)).all())

    async def question(self, session: AsyncSession, tender_id: str, question_id: str) -> Question | None:
        question = await session.get(Question, question_id)
        return question if question is not None and question.tender_id == tender_id else None

    async def replace_lots(self, session: AsyncSession, tender_id: str, lots: list[Lot]) -> None:
        for lot in await self.lots(session, tender_id):
            await session.delete(lot)
        await session.flush()
        session.add_all(lots)

    async def member(self, session: AsyncSession, tender_id: str, evaluator_id: str) -> CommitteeMember | None:
        return await session.get(CommitteeMember, (tender_id, evaluator_id))

    async def committee(self, session: AsyncSession, tender_id: str) -> list[CommitteeMember]:
        query = select(CommitteeMember).where(CommitteeMember.tender_id == tender_id)
        return list((await session.exec(query.order_by(col(CommitteeMember.assigned_at)))).all())

    async def evaluator_points(self, session: AsyncSession, tender_id: str, lot_id: str) -> list[EvaluatorPoints]:
        query = select(EvaluatorPoints).where(EvaluatorPoints.tender_id == tender_id, EvaluatorPoints.lot_id == lot_id)
        return list((await session.exec(query.order_by(col(EvaluatorPoints.entered_at)))).all())

    async def consensus(self, session: AsyncSession, tender_id: str, lot_id: str) -> list[ConsensusPoints]:
        query = select(ConsensusPoints).where(ConsensusPoints.tender_id == tender_id, ConsensusPoints.lot_id == lot_id)
        return list((await session.exec(query)).all())

    async def assessments(self, session: AsyncSession, tender_id: str) -> list[Assessment]:
        query = select(Assessment).where(Assessment.tender_id == tender_id).order_by(col(Assessment.assessed_at))
        return list((await session.exec(query)).all())

    async def complaints(self, session: AsyncSession, tender_id: str, lot_id: str) -> list[Complaint]:
        query = select(Complaint).where(Complaint.tender_id == tender_id, Complaint.lot_id == lot_id)
        return list((await session.exec(query.order_by(col(Complaint.recorded_at)))).all())

    async def complaint(self, session: AsyncSession, complaint_id: str) -> Complaint | None:
        return await session.get(Complaint, complaint_id)

    async def contract(self, session: AsyncSession, tender_id: str, lot_id: str) -> Contract | None:
        query = select(Contract).where(Contract.tender_id == tender_id, Contract.lot_id == lot_id)
        return (await session.exec(query)).first()

    async def bid(self, session: AsyncSession, tender_id: str, bid_id: str) -> Bid | None:
        bid = await session.get(Bid, bid_id)
        return bid if bid is not None and bid.tender_id == tender_id else None

    async def contracts(self, session: AsyncSession, supplier_bidder_id: str | None = None) -> list[Contract]:
        query = select(Contract).order_by(col(Contract.signed_at))
        if supplier_bidder_id is not None:
            query = query.where(Contract.supplier_bidder_id == supplier_bidder_id)
        return list((await session.exec(query)).all())

    async def contract_by_id(self, session: AsyncSession, contract_id: str) -> Contract | None:
        return await session.get(Contract, contract_id)

    async def outcome_reports(self, session: AsyncSession, contract_id: str) -> list[OutcomeReport]:
        query = select(OutcomeReport).where(OutcomeReport.contract_id == contract_id)
        return list((await session.exec(query.order_by(col(OutcomeReport.reported_at)))).all())

    async def outcome_report(self, session: AsyncSession, report_id: str) -> OutcomeReport | None:
        return await session.get(OutcomeReport, report_id)

    async def tenders_by_id(self, session: AsyncSession, tender_ids: set[str]) -> dict[str, Tender]:
        rows = await session.exec(select(Tender).where(col(Tender.tender_id).in_(tender_ids)))
        return {tender.tender_id: tender for tender in rows.all()}

    async def reported_periods(self, session: AsyncSession) -> set[tuple[str, int]]:
        """(contract, period) pairs that have a report standing (submitted or verified, not rejected)."""
        query = select(OutcomeReport.contract_id, OutcomeReport.period_index).where(OutcomeReport.status != "rejected")
        return {(contract_id, period_index) for contract_id, period_index in (await session.exec(query)).all()}

    async def reminders_sent(self, session: AsyncSession) -> set[tuple[str, int, str]]:
        query = select(ReminderSent.contract_id, ReminderSent.period_index, ReminderSent.kind)
        return {(contract_id, index, kind) for contract_id, index, kind in (await session.exec(query)).all()}
