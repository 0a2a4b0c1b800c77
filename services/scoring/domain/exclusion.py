"""Which bids are evaluated: accepted ones that pass the quality threshold; the rest are excluded, with why.

Exclusion comes first, so an excluded bid never moves a relative figure (lowest price, best quality …).
"""

from dataclasses import dataclass
from decimal import Decimal, localcontext

from shared.evaluation import Bid, EvaluationRequest, ExcludedBid
from shared.evaluation.numbers import EXACT, exact_sum

BELOW_QUALITY_THRESHOLD = "below quality threshold"


def split_bids(request: EvaluationRequest) -> tuple[tuple[Bid, ...], list[ExcludedBid]]:
    """The evaluated bids in the request's order, and the excluded ones with their reasons."""
    threshold = _QualityMinimum.of(request)
    evaluated: list[Bid] = []
    excluded: list[ExcludedBid] = []
    for bid in request.bids:
        if not bid.is_accepted:
            excluded.append(ExcludedBid(bid.id, f"status {bid.status}"))
        elif threshold is not None and threshold.fails(bid):
            excluded.append(ExcludedBid(bid.id, BELOW_QUALITY_THRESHOLD))
        else:
            evaluated.append(bid)
    return tuple(evaluated), excluded


@dataclass(frozen=True)
class _QualityMinimum:
    """The threshold in points, on the committee's own points (before any relative_to_best scaling)."""

    criterion_ids: tuple[str, ...]
    overall: Decimal | None  # the least sum of quality points: overall × M × (number of quality criteria)
    per_criterion: Decimal | None  # the least points on each quality criterion: per_criterion × M

    @classmethod
    def of(cls, request: EvaluationRequest) -> "_QualityMinimum | None":
        """None when there is no threshold, or no quality criterion for it to apply to."""
        threshold = request.quality_threshold
        criterion_ids = tuple(criterion.id for criterion in request.criteria if criterion.kind == "quality")
        if threshold is None or not criterion_ids:
            return None
        scale_max = request.scale_max
        with localcontext(EXACT):  # a bid exactly at the threshold passes, so the bounds must be exact
            overall = None if threshold.overall is None else threshold.overall * scale_max * len(criterion_ids)
            per_criterion = None if threshold.per_criterion is None else threshold.per_criterion * scale_max
        return cls(criterion_ids, overall, per_criterion)

    def fails(self, bid: Bid) -> bool:
        points = [bid.points[criterion_id] for criterion_id in self.criterion_ids]
        if self.per_criterion is not None and min(points) < self.per_criterion:
            return True
        return self.overall is not None and exact_sum(points) < self.overall
