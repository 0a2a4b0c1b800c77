"""Events of the road from opened bids to a signed contract: the committee, the assessment of each bid, the
standstill, complaints and the contract. Procurement publishes them; each names its acting user (the envelope's
actor), so the complaints board can read every step."""

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, Field

from shared.events.base import Event
from shared.events.payloads import Payload


class CommitteeMemberAssignedPayload(Payload):
    tender_id: str
    evaluator_id: str
    evaluator_name: str | None = None


class CommitteeMemberAssigned(Event):
    topic: ClassVar[str] = "procurement.committee-member-assigned.v1"
    payload: CommitteeMemberAssignedPayload


class ConflictDeclaredPayload(Payload):
    """An evaluator's declaration, made before it sees any bid: no conflict of interest, or one (and removal)."""

    tender_id: str
    evaluator_id: str
    has_conflict: bool
    details: str | None = None


class ConflictDeclared(Event):
    topic: ClassVar[str] = "procurement.conflict-declared.v1"
    payload: ConflictDeclaredPayload


class PointsEnteredPayload(Payload):
    """One evaluator's points for one bid on one criterion, with the written justification."""

    tender_id: str
    lot_id: str
    bid_id: str
    criterion_id: str
    evaluator_id: str
    points: Decimal
    justification: str


class PointsEntered(Event):
    topic: ClassVar[str] = "procurement.points-entered.v1"
    payload: PointsEnteredPayload


class AgreedPoints(Payload):
    bid_id: str
    criterion_id: str
    points: Decimal
    justification: str


class ConsensusRecordedPayload(Payload):
    """The committee's consensus points, which enter the evaluation, and how they were reached."""

    tender_id: str
    lot_id: str
    method: str
    held_on: date
    points: list[AgreedPoints]


class ConsensusRecorded(Event):
    topic: ClassVar[str] = "procurement.consensus-recorded.v1"
    payload: ConsensusRecordedPayload


class BidAssessedPayload(Payload):
    """A step of the officer's assessment of one bid: its compliance, the abnormally-low clarification, the
    documentation check against the self-declaration, or the eligibility for a reserved contract."""

    tender_id: str
    lot_id: str
    bid_id: str
    aspect: Literal["compliance", "abnormally_low", "documentation", "eligibility"]
    outcome: str
    reason: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class BidAssessed(Event):
    topic: ClassVar[str] = "procurement.bid-assessed.v1"
    payload: BidAssessedPayload


class StandstillStartedPayload(Payload):
    tender_id: str
    lot_id: str
    award_event_id: str
    notified_on: date
    channel: Literal["electronic", "letter"]
    ends_at: AwareDatetime


class StandstillStarted(Event):
    topic: ClassVar[str] = "procurement.standstill-started.v1"
    payload: StandstillStartedPayload


class ComplaintRecordedPayload(Payload):
    tender_id: str
    lot_id: str
    complaint_id: str
    filed_on: date
    complainant: str
    suspensive: bool
    outcome: str | None = None


class ComplaintRecorded(Event):
    topic: ClassVar[str] = "procurement.complaint-recorded.v1"
    payload: ComplaintRecordedPayload


class ContractTarget(Payload):
    """A social commitment the contract holds the supplier to: what outcome reports are measured against."""

    proxy: str
    quantity: Decimal
    value_dkk_per_unit: Decimal | None = None
    source: Literal["bid", "clause"] = "bid"


class ContractSignedPayload(Payload):
    tender_id: str
    lot_id: str
    contract_id: str
    supplier_bidder_id: str
    supplier_name: str
    signed_at: AwareDatetime
    value_dkk: Decimal
    contract_start: date
    contract_end: date
    proxy_table_version: str
    social_clauses: list[dict[str, Any]] = Field(default_factory=list)
    targets: list[ContractTarget] = Field(default_factory=list)


class ContractSigned(Event):
    topic: ClassVar[str] = "procurement.contract-signed.v1"
    payload: ContractSignedPayload
