"""Scoring evaluated bids from points to standings: the core that evaluation and sensitivity share."""

from dataclasses import dataclass

from services.scoring.domain.lot import Lot
from services.scoring.domain.ranking import Standings, standings_of
from services.scoring.domain.scoring import CriterionPoints, criterion_points
from services.scoring.domain.totals import Totals, totals_of
from shared.evaluation import EvaluationRequest


@dataclass(frozen=True)
class ScoredLot:
    """Points, totals and standings of a lot's evaluated bids."""

    lot: Lot
    points: list[CriterionPoints]  # in the request's order of criteria
    totals: Totals
    standings: Standings

    @property
    def winner_id(self) -> str | None:
        winner = self.standings.winner
        return None if winner is None else self.lot.bid_ids[winner]


def score_lot(request: EvaluationRequest, lot: Lot) -> ScoredLot:
    """Score and rank the lot's evaluated bids under the request's evaluation model."""
    # Relative figures (lowest price, best quality …) do not exist without bids: nothing to score then.
    points = criterion_points(request, lot) if len(lot) else [CriterionPoints(c, (), []) for c in request.criteria]
    totals = totals_of(request, lot, points)
    tie_break = [next(p.points for p in points if p.criterion.id == c) for c in request.tie_break]
    standings = standings_of(lot.bid_ids, totals.values, tie_break, totals.better)
    return ScoredLot(lot, points, totals, standings)
