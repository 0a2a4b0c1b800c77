"""Quality and social methods: the committee's points, or a bid's social value SV, become points on 0..M."""

from decimal import Decimal

from services.scoring.domain.arithmetic import ZERO
from services.scoring.domain.lot import Column, Lot
from shared.evaluation import Criterion


def direct(criterion: Criterion, lot: Lot) -> Column:
    """The committee's own points, as they stand."""
    return lot.committee_points[criterion.id]


def relative_to_best(criterion: Criterion, lot: Lot) -> Column:
    """M · Q / Qmax: the best quality gets full points (everyone 0 when Qmax is 0)."""
    return _share_of_best(lot.committee_points[criterion.id], lot.scale_max)


def monetised_relative(criterion: Criterion, lot: Lot) -> Column:
    """M · SV / SVmax: the largest social value gets full points (everyone 0 when SVmax is 0)."""
    return _share_of_best(lot.social_values, lot.scale_max)


def monetised_absolute(criterion: Criterion, lot: Lot) -> Column:
    """M · (SV / P) / r: full points at the published ratio r of social value to price."""
    scale_max, full_ratio = lot.scale_max, criterion.decimal_param("full_ratio")
    return tuple(
        [
            scale_max * social_value / (price * full_ratio)
            for social_value, price in zip(lot.social_values, lot.prices, strict=True)
        ]
    )


def _share_of_best(values: Column, scale_max: Decimal) -> Column:
    best = max(values)
    if best == ZERO:
        return (ZERO,) * len(values)
    return tuple([scale_max * value / best for value in values])
