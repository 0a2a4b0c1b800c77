"""Events the procurement service publishes: tenders, bidders, bids, evaluation requests, awards."""

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, Field

from shared.events.base import Event
from shared.events.payloads import Payload


class Lot(Payload):
    lot_id: str
    title: str
    # The lot's frozen evaluation model: an evaluation-request/1 document without bids.
    evaluation_model: dict[str, Any]


class SocialClause(Payload):
    type: str
    form: str
    description: str
    quantity_rule: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    proxy_code: str | None = None
    criterion_id: str | None = None
    evidence_required: str | None = None
    reporting_frequency: str | None = None
    sanction: str | None = None


class TenderPublishedPayload(Payload):
    tender_id: str
    reference: str
    title: str
    title_en: str | None = None
    deadline: AwareDatetime
    lots: list[Lot]
    description: str | None = None
    description_en: str | None = None
    procedure: str | None = None
    contract_type: str | None = None
    cpv_codes: list[str] = Field(default_factory=list)
    estimated_value_dkk: Decimal | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    request_deadline: AwareDatetime | None = None
    reservation: str | None = None
    social_clauses: list[SocialClause] = Field(default_factory=list)
    proxy_table_version: str | None = None


class TenderPublished(Event):
    topic: ClassVar[str] = "procurement.tender-published.v1"
    payload: TenderPublishedPayload


class TenderAmendedPayload(Payload):
    """A published change: what changed, and the deadline after it (moved so six days remain, unless the
    officer recorded why not). `lots` holds the evaluation models when they changed."""

    tender_id: str
    amendment_id: str
    number: int
    summary: str
    summary_en: str | None = None
    changed: list[str]
    deadline: AwareDatetime
    deadline_before: AwareDatetime
    deadline_moved: bool
    keep_deadline_reason: str | None = None
    title: str | None = None
    title_en: str | None = None
    lots: list[Lot] | None = None


class TenderAmended(Event):
    topic: ClassVar[str] = "procurement.tender-amended.v1"
    payload: TenderAmendedPayload


class TenderCancelledPayload(Payload):
    tender_id: str
    reason: str
    cancelled_at: AwareDatetime


class TenderCancelled(Event):
    topic: ClassVar[str] = "procurement.tender-cancelled.v1"
    payload: TenderCancelledPayload


class QuestionAnsweredPayload(Payload):
    """A question and its answer, published to every bidder; who asked is never told."""

    tender_id: str
    question_id: str
    number: int
    question: str
    answer: str
    answered_at: AwareDatetime


class QuestionAnswered(Event):
    topic: ClassVar[str] = "procurement.question-answered.v1"
    payload: QuestionAnsweredPayload


class BidderRegisteredPayload(Payload):
    bidder_id: str
    name: str
    country: str = "DK"
    cvr: str | None = None
    email: str
    webhook_url: str | None = None
    language: Literal["da", "en"] = "da"
    rsv_registered: bool = False
    sme_size: str | None = None
    sheltered_workshop: bool | None = None


class BidderRegistered(Event):
    topic: ClassVar[str] = "procurement.bidder-registered.v1"
    key_field: ClassVar[str] = "bidder_id"
    payload: BidderRegisteredPayload


class BidReceivedPayload(Payload):
    """A receipt: when the bid arrived and a salted commitment to its content, never the content itself."""

    tender_id: str
    lot_id: str
    bid_id: str
    bidder_id: str
    received_at: AwareDatetime
    commitment_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class BidReceived(Event):
    topic: ClassVar[str] = "procurement.bid-received.v1"
    payload: BidReceivedPayload


class BidWithdrawnPayload(Payload):
    tender_id: str
    lot_id: str
    bid_id: str
    bidder_id: str
    withdrawn_at: AwareDatetime


class BidWithdrawn(Event):
    topic: ClassVar[str] = "procurement.bid-withdrawn.v1"
    payload: BidWithdrawnPayload


class BidAccessAttemptedPayload(Payload):
    """Someone asked to read a bid's content: who (the envelope's actor), which bid, and whether it was allowed.
    Refusals are recorded too; before the deadline only the bid's own bidder is allowed."""

    tender_id: str
    lot_id: str | None = None
    bid_id: str | None = None
    bid_owner: str | None = None
    allowed: bool
    reason: str
    attempted_at: AwareDatetime


class BidAccessAttempted(Event):
    topic: ClassVar[str] = "procurement.bid-access-attempted.v1"
    payload: BidAccessAttemptedPayload


class TenderClosedPayload(Payload):
    tender_id: str
    closed_at: AwareDatetime
    bids_opened: int = Field(ge=0)


class TenderClosed(Event):
    topic: ClassVar[str] = "procurement.tender-closed.v1"
    payload: TenderClosedPayload


class OpenedBid(Payload):
    bid_id: str
    lot_id: str
    bidder_id: str
    received_at: AwareDatetime
    commitment_sha256: str
    salt: str = Field(description="Hex; the commitment is SHA-256(salt bytes ‖ canonical JSON of the content)")
    content: dict[str, Any]


class BidsOpenedPayload(Payload):
    tender_id: str
    opened_at: AwareDatetime
    bids: list[OpenedBid]


class BidsOpened(Event):
    """Published when the deadline clock opens the bids, never before: what each bid said, with the salt that
    lets anyone check it against the commitment its receipt gave."""

    topic: ClassVar[str] = "procurement.bids-opened.v1"
    payload: BidsOpenedPayload


class EvaluationRequested(Event):
    """The payload *is* an evaluation-request/1 document, kept as sent so that scoring can name every problem
    in it (a stricter type here would send bad input to the dead-letter topic instead of an answer)."""

    topic: ClassVar[str] = "procurement.evaluation-requested.v1"
    payload: dict[str, Any]


class Advantage(Payload):
    """A criterion on which the winning bid did better, in numbers and with the committee's justification."""

    criterion_id: str
    winner_points: Decimal
    own_points: Decimal
    justification: str | None = None


class BidderStanding(Payload):
    """One bidder's place in the award decision: what its notice tells it."""

    bidder_id: str
    bid_id: str
    rank: int | None
    total: Decimal | None
    points: dict[str, Decimal] = Field(default_factory=dict)
    excluded_reason: str | None = None
    advantages: list[Advantage] = Field(default_factory=list)


class AwardDecidedPayload(Payload):
    tender_id: str
    lot_id: str
    evaluation_request_id: str
    winner_bid_id: str
    winner_bidder_id: str
    winner_name: str
    decided_at: AwareDatetime
    reason: str | None = None
    standings: list[BidderStanding]
    winner_total: Decimal | None = None
    winner_points: dict[str, Decimal] = Field(default_factory=dict)
    channel: Literal["electronic", "letter"] = "electronic"


class AwardDecided(Event):
    topic: ClassVar[str] = "procurement.award-decided.v1"
    payload: AwardDecidedPayload
