"""Small builders of request documents for the engine's tests: only what a case is about needs spelling out."""

from decimal import Decimal
from fractions import Fraction
from typing import Any

from services.scoring.domain import evaluate
from shared.evaluation import EvaluationResult, RankedBid, parse_request

PROXY_VALUES = {"DK_LTU_HIRE": "122000", "DK_FLEXJOB": "42000", "DK_APPRENTICE_YEAR": "40000"}
VALID_CVRS = ("13748136", "13585628", "40084525", "12345674", "53383211", "25798376")


def criterion(criterion_id: str, kind: str, method: str, weight: str | None = None, **params: Any) -> dict[str, Any]:
    """A criterion; params are given as keyword arguments (`slope="0.5"`)."""
    document: dict[str, Any] = {"id": criterion_id, "kind": kind, "method": method, "params": params}
    if weight is not None:
        document["weight"] = weight
    return document


def bid(
    bid_id: str,
    price: str,
    *,
    points: dict[str, str] | None = None,
    commitments: tuple[tuple[str, str], ...] = (),
    status: str = "accepted",
) -> dict[str, Any]:
    """A bid from a Danish bidder with a valid CVR; commitments are (proxy code, quantity) pairs."""
    return {
        "id": bid_id,
        "bidder": {"name": f"Bidder {bid_id}", "cvr": VALID_CVRS[len(bid_id) % len(VALID_CVRS)]},
        "status": status,
        "price": price,
        "points": points or {},
        "social_commitments": [{"proxy": proxy, "quantity": quantity} for proxy, quantity in commitments],
    }


def request(criteria: list[dict[str, Any]], bids: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """A request document for tender T-1, lot 1, scale 0–10 unless `fields` says otherwise."""
    return {
        "format": "evaluation-request/1",
        "tender_id": "T-1",
        "lot_id": "1",
        "currency": "DKK",
        "criteria": criteria,
        "proxy_values": PROXY_VALUES,
        "bids": bids,
        **fields,
    }


def evaluated(document: dict[str, Any], *, sensitivity: bool = False) -> EvaluationResult:
    """The engine's result for a request document (which must be valid)."""
    return evaluate(parse_request(document), sensitivity=sensitivity)


def by_id(result: EvaluationResult) -> dict[str, RankedBid]:
    """The ranked bids by bid id."""
    return {ranked.bid_id: ranked for ranked in result.ranking}


def points_of(result: EvaluationResult, criterion_id: str) -> dict[str, Decimal]:
    """Each ranked bid's unrounded points on one criterion."""
    return {ranked.bid_id: ranked.points[criterion_id] for ranked in result.ranking}


def codes(result: EvaluationResult) -> list[str]:
    """The codes of the result's warnings, in order."""
    return [warning.code for warning in result.warnings]


def near(actual: Decimal, exact: Fraction) -> bool:
    """Whether the engine's figure is the exact value to well beyond 4 decimals (1e-30)."""
    return abs(Fraction(actual) - exact) < Fraction(1, 10**30)
