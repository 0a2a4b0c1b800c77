"""Total methods: each bid's criterion points become one figure, better when higher or when lower."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from services.scoring.domain.lot import Column, Lot
from services.scoring.domain.scoring import CriterionPoints
from shared.evaluation import EvaluationRequest
from shared.evaluation.methods import TotalMethod
from shared.evaluation.numbers import exact_row_sums

NO_QUALITY_POINTS = "no quality points"


@dataclass(frozen=True)
class Totals:
    """Each bid's total, following the lot's order; None where the total method excludes the bid."""

    better: Literal["higher", "lower"]
    values: tuple[Decimal | None, ...]
    weighted: tuple[Column, ...] | None  # weight × points per criterion and bid, for weighted_sum only


def totals_of(request: EvaluationRequest, lot: Lot, points: list[CriterionPoints]) -> Totals:
    """The totals by the request's total method."""
    return _TOTAL_METHODS[request.total.method](request, lot, points)


def weighted_sums(columns: Sequence[Column], weights: Sequence[Decimal]) -> tuple[tuple[Column, ...], Column]:
    """weight × points for each criterion (a column of points per criterion), and their exact sum per bid."""
    weighted = tuple(
        tuple([weight * points for points in column]) for column, weight in zip(columns, weights, strict=True)
    )
    return weighted, exact_row_sums(zip(*weighted, strict=True))


def _weighted_sum(request: EvaluationRequest, lot: Lot, points: list[CriterionPoints]) -> Totals:
    """Σ weight × points; the highest wins."""
    weights = [criterion.weight or Decimal(0) for criterion in request.criteria]  # validation: all present
    weighted, totals = weighted_sums([criterion.points for criterion in points], weights)
    return Totals("higher", totals, weighted)


def _monetised(request: EvaluationRequest, lot: Lot, points: list[CriterionPoints]) -> Totals:
    """P − Σ kr_per_point[c] × points[c] − social_credit × SV, in DKK; the lowest wins."""
    kr_per_point = request.total.kr_per_point or {}
    social_credit = request.total.social_credit or Decimal(0)
    deductions = [
        [-kr_per_point[criterion.criterion.id] * value for value in criterion.points]
        for criterion in points
        if criterion.criterion.id in kr_per_point
    ]
    social_deduction = [-social_credit * social_value for social_value in lot.social_values]
    totals = exact_row_sums(zip(lot.prices, *deductions, social_deduction, strict=True))
    return Totals("lower", totals, None)


def _price_per_quality_point(request: EvaluationRequest, lot: Lot, points: list[CriterionPoints]) -> Totals:
    """P / Σ quality points; the lowest wins, and a bid without quality points cannot be ranked at all."""
    quality = [criterion.points for criterion in points if criterion.criterion.kind == "quality"]
    quality_sums = exact_row_sums(zip(*quality, strict=True))
    totals = tuple(
        [
            price / quality_sum if quality_sum else None
            for price, quality_sum in zip(lot.prices, quality_sums, strict=True)
        ]
    )
    return Totals("lower", totals, None)


_TOTAL_METHODS: dict[TotalMethod, Callable[[EvaluationRequest, Lot, list[CriterionPoints]], Totals]] = {
    "weighted_sum": _weighted_sum,
    "monetised": _monetised,
    "price_per_quality_point": _price_per_quality_point,
}
