"""The tables of the road from opened bids to a contract: committee, points, assessments, complaints, contracts."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from services.procurement.store.tables import ProcurementTable
from shared.database import DecimalText, UtcDateTime


class CommitteeMember(ProcurementTable, table=True):
    tender_id: str = Field(primary_key=True, foreign_key="tender.tender_id")
    evaluator_id: str = Field(primary_key=True)
    name: str | None = None
    assigned_at: datetime = Field(sa_type=UtcDateTime)
    declared_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    has_conflict: bool | None = None
    conflict_details: str | None = None


class EvaluatorPoints(ProcurementTable, table=True):
    """One evaluator's own points: kept beside the consensus, never replaced by it."""

    tender_id: str = Field(primary_key=True, foreign_key="tender.tender_id")
    lot_id: str = Field(primary_key=True)
    bid_id: str = Field(primary_key=True)
    criterion_id: str = Field(primary_key=True)
    evaluator_id: str = Field(primary_key=True)
    points: Decimal = Field(sa_type=DecimalText)
    justification: str
    entered_at: datetime = Field(sa_type=UtcDateTime)


class ConsensusPoints(ProcurementTable, table=True):
    tender_id: str = Field(primary_key=True, foreign_key="tender.tender_id")
    lot_id: str = Field(primary_key=True)
    bid_id: str = Field(primary_key=True)
    criterion_id: str = Field(primary_key=True)
    points: Decimal = Field(sa_type=DecimalText)
    justification: str
    method: str
    held_on: date
    recorded_at: datetime = Field(sa_type=UtcDateTime)


class Assessment(ProcurementTable, table=True):
    assessment_id: str = Field(primary_key=True)
    tender_id: str = Field(foreign_key="tender.tender_id", index=True)
    lot_id: str
    bid_id: str
    aspect: str
    outcome: str
    reason: str | None = None
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    assessed_at: datetime = Field(sa_type=UtcDateTime)
    actor_id: str


class Complaint(ProcurementTable, table=True):
    complaint_id: str = Field(primary_key=True)
    tender_id: str = Field(foreign_key="tender.tender_id", index=True)
    lot_id: str
    filed_on: date
    complainant: str
    suspensive: bool
    outcome: str | None = None
    recorded_at: datetime = Field(sa_type=UtcDateTime)


class Contract(ProcurementTable, table=True):
    contract_id: str = Field(primary_key=True)
    tender_id: str = Field(foreign_key="tender.tender_id", index=True)
    lot_id: str
    supplier_bidder_id: str
    signed_at: datetime = Field(sa_type=UtcDateTime)
    value_dkk: Decimal = Field(sa_type=DecimalText)
    targets: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class OutcomeReport(ProcurementTable, table=True):
    """A supplier's report of delivered social outcomes for one period: counts, FTE and periods only."""

    report_id: str = Field(primary_key=True)
    contract_id: str = Field(foreign_key="contract.contract_id", index=True)
    period_index: int
    lines: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    corrects: str | None = None
    reported_at: datetime = Field(sa_type=UtcDateTime)
    status: str = "submitted"  # submitted, verified, rejected
    reviewed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    review_reason: str | None = None


class ReminderSent(ProcurementTable, table=True):
    """That a period's due or late reminder was told, so it is told once."""

    contract_id: str = Field(primary_key=True, foreign_key="contract.contract_id")
    period_index: int = Field(primary_key=True)
    kind: str = Field(primary_key=True)  # due, late
    sent_at: datetime = Field(sa_type=UtcDateTime)
