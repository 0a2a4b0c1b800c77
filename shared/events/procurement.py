"""Events the procurement service publishes: tenders, bidders, bids, evaluation requests, awards."""

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


class TenderPublishedPayload(Payload):
    tender_id: str
    reference: str
    title: str
    title_en: str | None = None
    deadline: AwareDatetime
    lots: list[Lot]


class TenderPublished(Event):
    topic: ClassVar[str] = "procurement.tender-published.v1"
    payload: TenderPublishedPayload


class BidderRegisteredPayload(Payload):
    bidder_id: str
    name: str
    country: str = "DK"
    cvr: str | None = None
    email: str
    webhook_url: str | None = None
    language: Literal["da", "en"] = "da"
    rsv_registered: bool = False


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


class BidderStanding(Payload):
    """One bidder's place in the award decision: what its notice tells it."""

    bidder_id: str
    bid_id: str
    rank: int | None
    total: Decimal | None
    points: dict[str, Decimal] = Field(default_factory=dict)
    excluded_reason: str | None = None


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


class AwardDecided(Event):
    topic: ClassVar[str] = "procurement.award-decided.v1"
    payload: AwardDecidedPayload
