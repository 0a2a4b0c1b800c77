"""Bids: their receipts, and the evaluation request built from the opened ones."""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


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
