"""Weight sensitivity under weighted_sum: how far a criterion's weight must move before another bid leads.

When one weight moves to x, the others are rescaled in proportion so that all still sum to 1. Every bid's
total is then linear in x, so each bid overtakes the winner (if ever) past one crossing point. The crossing
points give the answer's step; the engine's own arithmetic then confirms it, so that re-running the engine
at the reported weight, and one step (0.0001) short of it, agrees with the report to the last digit.
"""

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal, localcontext

from services.scoring.domain.arithmetic import ENGINE_CONTEXT
from services.scoring.domain.lot import Column
from services.scoring.domain.scored_lot import ScoredLot
from services.scoring.domain.totals import weighted_sums
from shared.evaluation import WeightChange, WeightSensitivity

STEP = Decimal("0.0001")


def rescaled_weights(weights: Sequence[Decimal], index: int, new_weight: Decimal) -> list[Decimal]:
    """`weights` with weights[index] set to `new_weight`, the others rescaled in proportion to fill 1 again.

    When the others are all 0 there is no proportion to keep: they share what is left equally. Computed in
    the engine's context whoever calls, so a re-run at these weights sees exactly what the analysis saw.
    """
    with localcontext(ENGINE_CONTEXT):
        rest, freed, others = 1 - weights[index], 1 - new_weight, len(weights) - 1
        return [
            new_weight if position == index else (weight * freed / rest if rest else freed / others)
            for position, weight in enumerate(weights)
        ]


def weight_sensitivity(scored: ScoredLot, weights: Sequence[Decimal], index: int) -> WeightSensitivity:
    """The smallest increase and decrease of weights[index] at which another bid passes the winner."""
    winner = scored.standings.winner
    if len(weights) < 2 or winner is None:  # a sole weight cannot move off 1
        return WeightSensitivity(None, None)
    shift = _WeightShift(scored, weights, index, winner)
    return WeightSensitivity(shift.smallest_change(+1), shift.smallest_change(-1))


class _WeightShift:
    """One criterion's weight moving up (+1) or down (−1) in steps of 0.0001, the other weights following."""

    def __init__(self, scored: ScoredLot, weights: Sequence[Decimal], index: int, winner: int) -> None:
        self._columns = [points.points for points in scored.points]
        self._bid_ids = scored.lot.bid_ids
        self._weights, self._index, self._winner = weights, index, winner

    def smallest_change(self, direction: int) -> WeightChange | None:
        weight = self._weights[self._index]
        room = (1 - weight) if direction > 0 else weight
        limit = int((room / STEP).to_integral_value(ROUND_FLOOR))
        steps = min(self._crossing_steps(direction), default=None)
        if steps is None or steps > limit + 1:
            return None
        # The crossing points come from algebra; the engine's arithmetic has the last word on the step.
        while steps > 1 and self._leader(direction, steps - 1) is not None:
            steps -= 1
        while steps <= limit:
            leader = self._leader(direction, steps)
            if leader is not None:
                change = steps * STEP
                return WeightChange(weight + direction * change, change, self._bid_ids[leader])
            steps += 1
        return None

    def _crossing_steps(self, direction: int) -> list[int]:
        """For each bid that gains on the winner in this direction, the first step at which it leads."""
        index, winner, weight = self._index, self._winner, self._weights[self._index]
        rest = self._rest_of_totals()
        moving = self._columns[index]
        steps = []
        for position, (points, rest_points) in enumerate(zip(moving, rest, strict=True)):
            # The bid's lead over the winner at weight x is gap + x·slope.
            gap = rest_points - rest[winner]
            slope = (points - moving[winner]) - gap
            if position == winner or slope * direction <= 0:
                continue
            crossing = -gap / slope
            distance = (crossing - weight) * direction
            steps.append(max(int((distance / STEP).to_integral_value(ROUND_FLOOR)) + 1, 1))
        return steps

    def _rest_of_totals(self) -> Column:
        """Each bid's points on the other criteria, weighted by their shares of the rest of the weight."""
        others = [position for position in range(len(self._weights)) if position != self._index]
        rest = 1 - self._weights[self._index]
        shares = [self._weights[j] / rest if rest else Decimal(1) / len(others) for j in others]
        _, totals = weighted_sums([self._columns[j] for j in others], shares)
        return totals

    def _leader(self, direction: int, steps: int) -> int | None:
        """The bid that leads the winner at that step, if any: the highest total, then the first bid id."""
        new_weight = self._weights[self._index] + direction * steps * STEP
        _, totals = weighted_sums(self._columns, rescaled_weights(self._weights, self._index, new_weight))
        to_beat = totals[self._winner]
        ahead = [position for position, total in enumerate(totals) if total > to_beat]
        if not ahead:
            return None
        best = max(totals[position] for position in ahead)
        return min((p for p in ahead if totals[p] == best), key=self._bid_ids.__getitem__)
