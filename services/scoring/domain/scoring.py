"""Criterion points for every evaluated bid: the method's formula, then clipping where the method clips."""

from collections.abc import Callable
from dataclasses import dataclass

from services.scoring.domain import price_methods, quality_social_methods
from services.scoring.domain.arithmetic import clipped_to_scale
from services.scoring.domain.lot import Column, Lot
from shared.evaluation import Criterion, EvaluationRequest
from shared.evaluation.methods import METHODS

PointsFormula = Callable[[Criterion, Lot], Column]

FORMULAS: dict[str, PointsFormula] = {
    "linear_relative": price_methods.linear_relative,
    "proportional": price_methods.proportional,
    "absolute_anchored": price_methods.absolute_anchored,
    "mean_based": price_methods.mean_based,
    "direct": quality_social_methods.direct,
    "relative_to_best": quality_social_methods.relative_to_best,
    "monetised_relative": quality_social_methods.monetised_relative,
    "monetised_absolute": quality_social_methods.monetised_absolute,
}


@dataclass(frozen=True)
class CriterionPoints:
    """One criterion's points for each bid of the lot, and which bids' points were clipped to [0, M]."""

    criterion: Criterion
    points: Column
    clipped: list[int]  # positions in the lot


def criterion_points(request: EvaluationRequest, lot: Lot) -> list[CriterionPoints]:
    """The points of every criterion, in the request's order of criteria."""
    return [_points_of(criterion, lot) for criterion in request.criteria]


def _points_of(criterion: Criterion, lot: Lot) -> CriterionPoints:
    raw_points = FORMULAS[criterion.method](criterion, lot)
    if not _clips(criterion):
        return CriterionPoints(criterion, raw_points, [])
    points, clipped = clipped_to_scale(raw_points, lot.scale_max)
    return CriterionPoints(criterion, points, clipped)


def _clips(criterion: Criterion) -> bool:
    """Whether the criterion's points are clipped to [0, M]; linear_relative's `clip: false` turns it off."""
    return METHODS[criterion.method].clips and criterion.flag_param("clip", default=True)
