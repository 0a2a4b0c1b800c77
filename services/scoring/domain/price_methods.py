"""Price methods: a bid's price P becomes points on the scale 0..M (before any clipping).

Each formula is arranged to divide once, exact operand by exact operand: a quotient that ends within 40
digits (as most real ones do) is then exact, and equal prices always get exactly equal points.
"""

from services.scoring.domain.lot import Column, Lot
from shared.evaluation import Criterion
from shared.evaluation.numbers import exact_sum


def linear_relative(criterion: Criterion, lot: Lot) -> Column:
    """M − M·((P − Pmin)/Pmin)/s: full points for the lowest price, none at s·100 % above it."""
    scale_max, lowest = lot.scale_max, min(lot.prices)
    per_point = lowest * criterion.decimal_param("slope")
    return tuple([scale_max - scale_max * (price - lowest) / per_point for price in lot.prices])


def proportional(criterion: Criterion, lot: Lot) -> Column:
    """M · Pmin / P."""
    numerator = lot.scale_max * min(lot.prices)
    return tuple([numerator / price for price in lot.prices])


def absolute_anchored(criterion: Criterion, lot: Lot) -> Column:
    """M·(P0 − P)/(P0 − PM): set by two published prices, so no other bid can move it."""
    best, zero = criterion.decimal_param("best_price"), criterion.decimal_param("zero_price")
    scale_max, span = lot.scale_max, zero - best
    return tuple([scale_max * (zero - price) / span for price in lot.prices])


def mean_based(criterion: Criterion, lot: Lot) -> Column:
    """M/2 − M·(P − mean)/mean, the legacy model any bidder can steer by moving the mean."""
    # With S the exact sum of n prices, (P − mean)/mean = n·P/S − 1, so the formula is 3M/2 − M·n·P/S:
    # one division, by an exact sum, which keeps the points independent of the order of the bids.
    scale_max, count, price_sum = lot.scale_max, len(lot.prices), exact_sum(lot.prices)
    one_and_a_half_scale = scale_max * 3 / 2
    return tuple([one_and_a_half_scale - scale_max * count * price / price_sum for price in lot.prices])
