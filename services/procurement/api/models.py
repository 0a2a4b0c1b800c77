"""The procurement API's request and response bodies. Requests forbid unknown fields, so a typo is an error."""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from services.procurement.domain import ClauseForm, ClauseType, ContractType, Procedure, ReportingFrequency, Reservation

CPV = re.compile(r"^\d{8}-\d$")


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LotDraft(Request):
    lot_id: str = Field(min_length=1, max_length=40, examples=["1"])
    title: str = Field(min_length=1)
    evaluation_model: dict[str, Any] = Field(
        description="An evaluation-request/1 document without tender_id, lot_id, bids and proxy_values: criteria, "
        "weights, methods, threshold, abnormally-low ratio, tie-break. The proxy values come from the tender's "
        "proxy table version. Frozen at publication; changed only by an amendment.",
        examples=[
            {
                "format": "evaluation-request/1",
                "currency": "DKK",
                "scale_max": "10",
                "criteria": [
                    {
                        "id": "price",
                        "kind": "price",
                        "weight": "0.40",
                        "method": "absolute_anchored",
                        "params": {"best_price": "2000000", "zero_price": "3500000"},
                    },
                    {"id": "quality", "kind": "quality", "weight": "0.35", "method": "direct"},
                    {"id": "social", "kind": "social", "weight": "0.25", "method": "monetised_relative"},
                ],
            }
        ],
    )


class SocialClauseDraft(Request):
    type: ClauseType
    form: ClauseForm = Field(description="A contract condition (§ 176, the main route) or an award criterion")
    description: str = Field(min_length=1, description="The clause as the contract will state it (Danish)")
    quantity_rule: str | None = Field(default=None, examples=["1 oplæringsår pr. 10 mio. kr. kontraktsum"])
    quantity: Decimal | None = Field(default=None, ge=0, description="The required quantity, when fixed")
    unit: str | None = Field(default=None, examples=["FTE_YEAR"])
    proxy_code: str | None = Field(default=None, description="The proxy table code its delivery is counted in")
    criterion_id: str | None = Field(default=None, description="For an award criterion: the social criterion")
    evidence_required: str = Field(min_length=1, examples=["Ansættelseskontrakter og lønsedler, anonymiseret"])
    reporting_frequency: ReportingFrequency = ReportingFrequency.QUARTERLY
    sanction: str = Field(min_length=1, examples=["Bod på 50.000 kr. pr. manglende oplæringsår"])


class TenderDraft(Request):
    reference: str = Field(min_length=1, max_length=60, examples=["KOL-2026-017"])
    title: str = Field(min_length=1, description="Danish title", examples=["Parkpleje i Kolding Kommune 2027-2029"])
    title_en: str | None = None
    description: str | None = Field(default=None, description="Danish description")
    description_en: str | None = None
    cpv_codes: list[str] = Field(default_factory=list, examples=[["77311000-3"]])
    contract_type: ContractType
    procedure: Procedure
    estimated_value_dkk: Decimal = Field(gt=0, description="The whole contract's estimated value, excluding VAT")
    contract_start: date
    contract_end: date
    deadline: AwareDatetime = Field(description="Submission deadline with its offset (Europe/Copenhagen time)")
    request_deadline: AwareDatetime | None = Field(
        default=None,
        description="Deadline for requests to participate (restricted, negotiation, dialogue, partnership)",
    )
    reservation: Reservation = Reservation.NONE
    social_clauses: list[SocialClauseDraft] = Field(default_factory=list)
    training_exemption: str | None = Field(
        default=None, description="Why the contract has no training clause although § 176(2) would require one"
    )
    proxy_table_version: str | None = Field(default=None, description="Leave out for the newest version")
    auto_evaluate: bool = Field(
        default=False, description="Evaluate at the deadline without a committee step (no committee-scored criteria)"
    )
    lots: list[LotDraft] = Field(min_length=1)

    @field_validator("cpv_codes")
    @classmethod
    def _cpv_format(cls, codes: list[str]) -> list[str]:
        for code in codes:
            if not CPV.match(code):
                raise ValueError(f"{code} is not a CPV code (8 digits, a dash and a check digit: 77311000-3)")
        return codes


class AmendmentDraft(Request):
    summary: str = Field(min_length=1, description="What changed, in Danish, as bidders will read it")
    summary_en: str | None = None
    title: str | None = None
    title_en: str | None = None
    description: str | None = None
    deadline: AwareDatetime | None = None
    lots: list[LotDraft] | None = Field(default=None, description="New evaluation models for the lots")
    keep_deadline_reason: str | None = Field(
        default=None, description="Why the deadline stays although fewer than 6 days remain after the change"
    )


class Cancellation(Request):
    reason: str = Field(min_length=1)


class QuestionDraft(Request):
    question: str = Field(min_length=1)


class AnswerDraft(Request):
    answer: str = Field(min_length=1)


class ProxyTableDraft(Request):
    version: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")
    title: str = Field(min_length=1)
    rows: list[dict[str, Any]] = Field(min_length=1, description="Rows as in the shipped DK-2026.1 table")


class ExclusionGrounds(Request):
    """ESPD part III: each ground the enterprise declares applies to it (False: it does not)."""

    criminal_conviction: bool = Field(
        False, description="Corruption, fraud, terrorism, money laundering, child labour …"
    )
    unpaid_taxes_or_social_security: bool = False
    insolvency_or_winding_up: bool = False
    grave_professional_misconduct: bool = False
    distortion_of_competition: bool = False
    conflict_of_interest: bool = False
    earlier_contract_terminated_for_breach: bool = False
    misrepresentation: bool = False


class SelectionCriteria(Request):
    """ESPD part IV: what the enterprise declares of its economic and technical standing."""

    annual_turnover_dkk: Decimal | None = Field(default=None, ge=0)
    equity_ratio_pct: Decimal | None = None
    insurance: str | None = None
    references: list[str] = Field(default_factory=list)


class SelfDeclaration(Request):
    exclusion_grounds: ExclusionGrounds = Field(default_factory=ExclusionGrounds)
    selection_criteria: SelectionCriteria = Field(default_factory=SelectionCriteria)
    declared_by: str = Field(min_length=1, description="The person who signs the declaration for the enterprise")


class BidderRegistration(Request):
    name: str = Field(min_length=1)
    country: str = Field(default="DK", pattern=r"^[A-Z]{2}$")
    cvr: str | None = Field(default=None, description="Required for Danish bidders; checked with modulus 11")
    national_id: str | None = Field(default=None, description="The company id of a bidder outside Denmark")
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    webhook_url: str | None = None
    language: Literal["da", "en"] = "da"
    sme_size: Literal["micro", "small", "medium", "large", "unknown"] = "unknown"
    rsv_registered: bool = Field(default=False, description="Registered social-economy enterprise (RSV); never scored")
    sheltered_workshop: bool = Field(default=False, description="Sheltered workshop (Art. 20); never scored")
    disadvantaged_share_pct: Decimal | None = Field(
        default=None, ge=0, le=100, description="Share of disabled or disadvantaged workers, for Art. 20 reservations"
    )
    self_declaration: SelfDeclaration | None = Field(default=None, description="In the shape of the ESPD")


class SocialCommitment(Request):
    proxy: str = Field(min_length=1, examples=["DK_LTU_HIRE"])
    quantity: Decimal = Field(ge=0)


class Enterprise(Request):
    name: str = Field(min_length=1)
    country: str = Field(default="DK", pattern=r"^[A-Z]{2}$")
    cvr: str | None = None


class Consortium(Request):
    lead: str = Field(min_length=1, description="The member that leads, by name")
    members: list[Enterprise] = Field(min_length=2)


class Subcontractor(Enterprise):
    tasks: str = Field(min_length=1)
    share_pct: Decimal | None = Field(default=None, ge=0, le=100)
    social_economy: bool = Field(
        default=False, description="A social-economy enterprise: how many meet a social clause"
    )


class Attachment(Request):
    filename: str = Field(min_length=1, max_length=200)
    media_type: str = Field(default="application/pdf")
    content_base64: str = Field(max_length=14_000_000, description="At most about 10 MB")


class BidSubmission(Request):
    lot_id: str = "1"
    price: Decimal = Field(gt=0, description="Total price in DKK, excluding VAT")
    price_breakdown: dict[str, Decimal] = Field(default_factory=dict)
    answers: dict[str, str] = Field(default_factory=dict, description="The bid's answer per quality criterion")
    social_commitments: list[SocialCommitment] = Field(default_factory=list)
    consortium: Consortium | None = None
    subcontractors: list[Subcontractor] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)


class MemberAssignment(Request):
    evaluator_id: str = Field(min_length=1, description="The evaluator's user id (the subject of its token)")
    name: str | None = None


class Declaration(Request):
    has_conflict: bool = Field(description="Whether you have a conflict of interest in this tender")
    details: str | None = Field(default=None, description="What the conflict is (kept for the record)")


class PointsEntry(Request):
    bid_id: str
    criterion_id: str
    points: Decimal
    justification: str = Field(min_length=1, description="Why these points: required for every score")


class ConsensusEntry(Request):
    bid_id: str
    criterion_id: str
    points: Decimal
    justification: str = Field(min_length=1)


class Consensus(Request):
    method: str = Field(min_length=1, examples=["consensus meeting"])
    held_on: date
    points: list[ConsensusEntry] = Field(min_length=1)


class AssessmentEntry(Request):
    aspect: Literal["compliance", "abnormally_low", "documentation", "eligibility"]
    outcome: str = Field(examples=["compliant", "noncompliant", "late", "clarification_requested", "kept", "rejected"])
    reason: str | None = None
    details: dict[str, Any] = Field(default_factory=dict, description="The clarification's text, evidence …")


class ComplaintEntry(Request):
    filed_on: date
    complainant: str = Field(min_length=1)
    suspensive: bool = Field(description="Whether the complaints board gave it suspensive effect")


class ComplaintOutcome(Request):
    outcome: str = Field(min_length=1, examples=["dismissed", "upheld", "withdrawn"])


class OutcomeLineDraft(Request):
    """Delivered quantity of one committed outcome: counts and FTE only, never who the people are."""

    proxy: str = Field(min_length=1, examples=["DK_LTU_HIRE"])
    quantity: Decimal = Field(ge=0, description="In the proxy's unit, e.g. FTE-years")
    evidence: list[str] = Field(
        default_factory=list, description="References to evidence documents (ids, not contents)"
    )


class OutcomeReportDraft(Request):
    period_index: int = Field(ge=0)
    lines: list[OutcomeLineDraft] = Field(min_length=1)
    corrects: str | None = Field(default=None, description="The rejected report this one corrects")


class OutcomeReview(Request):
    verified: bool
    reason: str | None = Field(default=None, description="Required when rejecting")


class AwardChoice(Request):
    bid_id: str | None = Field(default=None, description="Leave out to award the first of the ranking")
    reason: str | None = Field(default=None, description="Required when the chosen bid is not ranked first")
    channel: Literal["electronic", "letter"] = Field(
        default="electronic", description="How the notices go out: 10 days of standstill electronically, 15 by letter"
    )


class Receipt(BaseModel):
    bid_id: str
    tender_id: str
    lot_id: str
    received_at: datetime
    commitment_sha256: str
    salt: str = Field(description="Keep it: with it anyone can check the commitment against your bid's content")


class Created(BaseModel):
    id: str


class WarningOut(BaseModel):
    code: str
    message: str = Field(description="Danish")
    message_en: str


class Saved(BaseModel):
    id: str
    warnings: list[WarningOut] = Field(description="Things to look at before publishing; they stop nothing")
