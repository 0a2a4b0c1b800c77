"""The procurement API's request and response bodies. Requests forbid unknown fields, so a typo is an error."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LotDraft(Request):
    lot_id: str = Field(min_length=1, max_length=40, examples=["1"])
    title: str = Field(min_length=1)
    evaluation_model: dict[str, Any] = Field(
        description="An evaluation-request/1 document without tender_id, lot_id and bids: criteria, weights, "
        "methods, proxy values, threshold, abnormally-low ratio, tie-break. Frozen at publication."
    )


class TenderDraft(Request):
    reference: str = Field(min_length=1, max_length=60, examples=["KOL-2026-017"])
    title: str = Field(min_length=1, description="Danish title", examples=["Parkpleje i Kolding Kommune 2027-2029"])
    title_en: str | None = None
    description: str | None = None
    deadline: AwareDatetime = Field(description="Submission deadline with its offset (Europe/Copenhagen time)")
    lots: list[LotDraft] = Field(min_length=1)


class BidderRegistration(Request):
    name: str = Field(min_length=1)
    country: str = Field(default="DK", pattern=r"^[A-Z]{2}$")
    cvr: str | None = Field(default=None, description="Required for Danish bidders; checked with modulus 11")
    national_id: str | None = Field(default=None, description="The company id of a bidder outside Denmark")
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    webhook_url: str | None = None
    language: Literal["da", "en"] = "da"
    rsv_registered: bool = Field(default=False, description="Registered social-economy enterprise (RSV)")


class SocialCommitment(Request):
    proxy: str = Field(min_length=1, examples=["DK_LTU_HIRE"])
    quantity: Decimal = Field(ge=0)


class BidSubmission(Request):
    bidder_id: str
    lot_id: str = "1"
    price: Decimal = Field(gt=0, description="Total price in DKK")
    price_breakdown: dict[str, Decimal] = Field(default_factory=dict)
    answers: dict[str, str] = Field(default_factory=dict, description="The bid's answer per quality criterion")
    social_commitments: list[SocialCommitment] = Field(default_factory=list)


class EvaluationOrder(Request):
    points: dict[str, dict[str, Decimal]] = Field(
        default_factory=dict, description="The committee's consensus points: bid id → criterion id → points"
    )
    statuses: dict[str, str] = Field(
        default_factory=dict, description="Compliance marks other than accepted: bid id → noncompliant, late …"
    )


class AwardChoice(Request):
    bid_id: str | None = Field(default=None, description="Leave out to award the first of the ranking")
    reason: str | None = Field(default=None, description="Required when the chosen bid is not ranked first")


class Receipt(BaseModel):
    bid_id: str
    tender_id: str
    lot_id: str
    received_at: datetime
    commitment_sha256: str
    salt: str = Field(description="Keep it: with it anyone can check the commitment against your bid's content")


class Created(BaseModel):
    id: str
