"""Pure rules of procurement: the tender lifecycle, bids and their receipts, the evaluation request, the award."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.clock import COPENHAGEN


class TenderStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"  # the deadline passed and the bids were opened
    EVALUATED = "evaluated"
    AWARDED = "awarded"


class Conflict(Exception):
    """A request the tender's state does not allow (HTTP 409); the message says why, for a person."""


def ensure_publishable(status: TenderStatus, deadline: datetime, now: datetime) -> None:
    if status is not TenderStatus.DRAFT:
        raise Conflict(f"the tender is {status}, only a draft can be published")
    if deadline <= now:
        raise Conflict(f"the deadline {in_copenhagen(deadline)} has already passed")


def ensure_open_for_bids(status: TenderStatus, deadline: datetime, received_at: datetime) -> None:
    """A bid counts if the server received it before the deadline: at deadline − 1 ms it is in, at + 0 ms late."""
    if status is TenderStatus.DRAFT:
        raise Conflict("the tender is not published yet")
    if received_at >= deadline or status is not TenderStatus.PUBLISHED:
        raise Conflict(
            f"the bid is late: the deadline was {in_copenhagen(deadline)} and the bid arrived "
            f"{in_copenhagen(received_at)}; late bids cannot be accepted"
        )


def is_due_for_closing(status: TenderStatus, deadline: datetime, now: datetime) -> bool:
    return status is TenderStatus.PUBLISHED and deadline <= now


def ensure_closed(status: TenderStatus) -> None:
    if status in (TenderStatus.DRAFT, TenderStatus.PUBLISHED):
        raise Conflict("the bids are sealed until the deadline has passed and the tender is closed")


def ensure_not_awarded(status: TenderStatus) -> None:
    if status is TenderStatus.AWARDED:
        raise Conflict("the award has already been decided")


def in_copenhagen(moment: datetime) -> str:
    return moment.astimezone(COPENHAGEN).isoformat(timespec="milliseconds")


def truncate_to_milliseconds(moment: datetime) -> datetime:
    """Receipt times are exact to the millisecond, and what is stored is what the receipt says."""
    return moment.replace(microsecond=moment.microsecond - moment.microsecond % 1000)


def canonical_json(document: Any) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def commitment(content: dict[str, Any], salt: bytes) -> str:
    """The salted SHA-256 of a bid's content: the salt goes to the bidder only, so the commitment can be
    published (in the receipt event and the audit log) without making a price guessable."""
    return hashlib.sha256(salt + canonical_json(content)).hexdigest()


def as_decimal_strings(document: Any) -> Any:
    """JSON numbers as decimal strings (the evaluation contract's form), so none is stored or sent as a float."""
    if isinstance(document, dict):
        return {key: as_decimal_strings(value) for key, value in document.items()}
    if isinstance(document, list):
        return [as_decimal_strings(value) for value in document]
    if isinstance(document, bool) or document is None or isinstance(document, str):
        return document
    if isinstance(document, float):
        return repr(document)  # the shortest text that reads back as this float: what the sender wrote
    return str(document)


def unknown_proxies(content: dict[str, Any], proxy_values: dict[str, Any]) -> list[str]:
    return [c["proxy"] for c in content.get("social_commitments", []) if c["proxy"] not in proxy_values]


@dataclass(frozen=True)
class OpenedBid:
    """What the evaluation needs of one opened bid."""

    bid_id: str
    bidder_id: str
    bidder: dict[str, Any]  # name, cvr, country, rsv_registered: as the evaluation contract names them
    content: dict[str, Any]


def evaluation_request(
    model: dict[str, Any],
    *,
    tender_id: str,
    lot_id: str,
    bids: list[OpenedBid],
    points: dict[str, dict[str, Decimal]],
    statuses: dict[str, str],
) -> dict[str, Any]:
    """The evaluation-request/1 document for one lot: the frozen model, the opened bids, the committee's
    points and the compliance marks. Numbers as decimal strings, so they reach the engine exactly."""
    return {
        **model,
        "format": "evaluation-request/1",
        "tender_id": tender_id,
        "lot_id": lot_id,
        "bids": [
            {
                "id": bid.bid_id,
                "bidder": bid.bidder,
                "status": statuses.get(bid.bid_id, "accepted"),
                "price": str(bid.content["price"]),
                "points": {criterion: str(value) for criterion, value in points.get(bid.bid_id, {}).items()},
                "social_commitments": [
                    {"proxy": c["proxy"], "quantity": str(c["quantity"])}
                    for c in bid.content.get("social_commitments", [])
                ],
            }
            for bid in sorted(bids, key=lambda b: b.bid_id)
        ],
    }


def choose_winner(result: dict[str, Any], chosen_bid_id: str | None, reason: str | None) -> str:
    """The winning bid: the first of the ranking unless the officer chooses another and says why."""
    ranking = result.get("ranking", [])
    if not ranking:
        raise Conflict("the evaluation ranked no bid, so there is no one to award")
    first = ranking[0]["bid_id"]
    if chosen_bid_id is None or chosen_bid_id == first:
        return str(first)
    if chosen_bid_id not in {entry["bid_id"] for entry in ranking}:
        raise Conflict(f"bid {chosen_bid_id} is not in the evaluation's ranking")
    if not (reason or "").strip():
        raise Conflict(f"bid {chosen_bid_id} is not ranked first: the award needs a reason")
    return chosen_bid_id


def standings(result: dict[str, Any], bidder_of: dict[str, str]) -> list[dict[str, Any]]:
    """Each bidder's place in the decision: its rank, total and points, or why it was excluded."""
    ranked = [
        {
            "bidder_id": bidder_of[entry["bid_id"]],
            "bid_id": entry["bid_id"],
            "rank": entry["rank"],
            "total": entry["total"],
            "points": {criterion: score["points"] for criterion, score in entry["criteria"].items()},
        }
        for entry in result.get("ranking", [])
    ]
    excluded = [
        {
            "bidder_id": bidder_of[entry["bid_id"]],
            "bid_id": entry["bid_id"],
            "rank": None,
            "total": None,
            "excluded_reason": entry["reason"],
        }
        for entry in result.get("excluded", [])
    ]
    return ranked + excluded
