"""Decisive bids: under a relative method, the bids whose removal alone would change the winner.

A removal changes other bids' points only by moving a relative figure: the lowest price, the mean price,
the best quality on a criterion, the best social value. So only bids that hold such a figure alone (or any
bid, under mean_based) are re-scored without them; removing any other bid leaves the winner where it is.
"""

from collections.abc import Callable
from decimal import Decimal

from services.scoring.domain.lot import Column, Lot
from services.scoring.domain.scored_lot import ScoredLot, score_lot
from shared.evaluation import Criterion, EvaluationRequest
from shared.evaluation.methods import METHODS

MOST_EVALUATED_BIDS = 1_000  # each candidate is a re-scoring of the lot, so the cost grows with n²


def decisive_bids(request: EvaluationRequest, scored: ScoredLot) -> tuple[str, ...] | None:
    """Ids of the bids (the winner aside) whose removal alone changes the winner; None if not computed."""
    lot, winner_id = scored.lot, scored.winner_id
    relative = [criterion for criterion in request.criteria if METHODS[criterion.method].relative]
    if not relative or len(lot) > MOST_EVALUATED_BIDS:
        return None
    if not len(lot):
        return ()  # no evaluated bid, no winner: nobody's removal changes anything
    candidates = sorted(set().union(*(_holders_of_figure(criterion, lot) for criterion in relative)))
    decisive = [
        lot.bid_ids[position]
        for position in candidates
        if lot.bid_ids[position] != winner_id and score_lot(request, lot.without(position)).winner_id != winner_id
    ]
    return tuple(sorted(decisive))


def _holders_of_figure(criterion: Criterion, lot: Lot) -> set[int]:
    """The positions of the bids whose removal moves the relative figure the criterion's method reads."""
    return _FIGURE_HOLDERS[criterion.method](criterion, lot)


def _sole_holder(values: Column, best: Callable[[Column], Decimal]) -> set[int]:
    """Where the value `best` picks stands, unless another bid shares it: removing one then moves nothing."""
    figure = best(values)
    holders = [position for position, value in enumerate(values) if value == figure]
    return set(holders) if len(holders) == 1 else set()


_FIGURE_HOLDERS: dict[str, Callable[[Criterion, Lot], set[int]]] = {
    "linear_relative": lambda criterion, lot: _sole_holder(lot.prices, min),
    "proportional": lambda criterion, lot: _sole_holder(lot.prices, min),
    "relative_to_best": lambda criterion, lot: _sole_holder(lot.committee_points[criterion.id], max),
    "monetised_relative": lambda criterion, lot: _sole_holder(lot.social_values, max),
    "mean_based": lambda criterion, lot: set(range(len(lot))),  # every price moves the mean
}
