"""The procurement service's tables, on its own registry."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from services.procurement.domain import ContractType, Procedure, Reservation, TenderStatus
from shared.database import DecimalText, UtcDateTime, service_registry


class ProcurementTable(SQLModel, registry=service_registry()):
    """The procurement service's own tables."""


class Tender(ProcurementTable, table=True):
    tender_id: str = Field(primary_key=True)
    reference: str = Field(index=True)
    title: str
    title_en: str | None = None
    description: str | None = None
    description_en: str | None = None
    cpv_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    contract_type: ContractType
    procedure: Procedure
    estimated_value_dkk: Decimal = Field(sa_type=DecimalText)
    contract_start: date
    contract_end: date
    deadline: datetime = Field(sa_type=UtcDateTime)
    request_deadline: datetime | None = Field(default=None, sa_type=UtcDateTime)
    reservation: Reservation = Reservation.NONE
    social_clauses: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    training_exemption: str | None = None
    proxy_table_version: str
    # Evaluate at the deadline, with no committee step: for a tender whose criteria are all computed from bids.
    auto_evaluate: bool = False
    status: TenderStatus = TenderStatus.DRAFT
    correlation_id: str
    created_at: datetime = Field(sa_type=UtcDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    cancel_reason: str | None = None


class Lot(ProcurementTable, table=True):
    tender_id: str = Field(primary_key=True, foreign_key="tender.tender_id")
    lot_id: str = Field(primary_key=True)
    title: str
    # Frozen at publication, the proxy values included; changed only by an amendment.
    evaluation_model: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class ProxyTableVersion(ProcurementTable, table=True):
    """A published proxy table: never changed once stored; a correction is a new version."""

    version: str = Field(primary_key=True)
    title: str
    document: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    added_at: datetime = Field(sa_type=UtcDateTime)


class Amendment(ProcurementTable, table=True):
    __table_args__ = (UniqueConstraint("tender_id", "number"),)

    amendment_id: str = Field(primary_key=True)
    tender_id: str = Field(foreign_key="tender.tender_id", index=True)
    number: int
    summary: str
    summary_en: str | None = None
    changed: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    deadline_before: datetime = Field(sa_type=UtcDateTime)
    deadline_after: datetime = Field(sa_type=UtcDateTime)
    keep_deadline_reason: str | None = None
    published_at: datetime = Field(sa_type=UtcDateTime)
    actor_id: str


class Question(ProcurementTable, table=True):
    question_id: str = Field(primary_key=True)
    tender_id: str = Field(foreign_key="tender.tender_id", index=True)
    number: int
    asked_by: str  # the bidder: shown to officers only, never to other bidders
    question: str
    asked_at: datetime = Field(sa_type=UtcDateTime)
    answer: str | None = None
    answered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Bidder(ProcurementTable, table=True):
    bidder_id: str = Field(primary_key=True)
    name: str
    country: str = "DK"
    cvr: str | None = None
    national_id: str | None = None
    email: str
    webhook_url: str | None = None
    language: str = "da"
    sme_size: str = "unknown"
    # Recorded for statistics and reservation checks, never scored (udbudsloven § 3).
    rsv_registered: bool = False
    sheltered_workshop: bool = False
    disadvantaged_share_pct: Decimal | None = Field(default=None, sa_type=DecimalText)
    self_declaration: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    registered_at: datetime = Field(sa_type=UtcDateTime)


class TenderKey(ProcurementTable, table=True):
    """A tender's data key, only ever stored wrapped by the vault's master key (which is not in this database)."""

    tender_id: str = Field(primary_key=True, foreign_key="tender.tender_id")
    wrapped_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(sa_type=UtcDateTime)
    opened_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Bid(ProcurementTable, table=True):
    """A bid: its content and salt sealed together by the vault until the deadline clock opens them; the
    commitment is public (the receipt)."""

    __table_args__ = (UniqueConstraint("tender_id", "lot_id", "bidder_id"),)

    bid_id: str = Field(primary_key=True)
    tender_id: str = Field(foreign_key="tender.tender_id", index=True)
    lot_id: str
    bidder_id: str = Field(foreign_key="bidder.bidder_id")
    sealed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    commitment_sha256: str
    received_at: datetime = Field(sa_type=UtcDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    opened_content: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    opened_salt: str | None = None


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
    # The evaluation-request/1 document the run sent: what scoring ranked, for anyone allowed to read the run
    # to re-run it (the portal's sensitivity table, a second opinion with `procure evaluate`).
    request: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class Award(ProcurementTable, table=True):
    tender_id: str = Field(primary_key=True, foreign_key="tender.tender_id")
    lot_id: str = Field(primary_key=True)
    award_event_id: str
    evaluation_request_id: str
    winner_bid_id: str
    winner_bidder_id: str = Field(index=True)
    reason: str | None = None
    decided_at: datetime = Field(sa_type=UtcDateTime)
    channel: str = "electronic"
    notices_dispatched_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    standstill_ends_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
