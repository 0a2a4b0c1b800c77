"""The evaluated bids of a lot and the figures every scoring method reads, in one order throughout.

The engine works on columns: one tuple per figure (ids, prices, social values, the committee's points on a
criterion …) holding an entry per evaluated bid, in the lot's order. A bid is several pydantic objects spread
over memory, so reading it is the slow part on a large lot: each bid is read once, here, and all that follows
runs down the columns. Tuples rather than lists: once the garbage collector has seen that a tuple holds only
numbers and strings it stops tracking it, whereas it walks every item of a list at each collection.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import TypeVar

from shared.evaluation import Bid, EvaluationRequest
from shared.evaluation.methods import METHODS
from shared.evaluation.numbers import EXACT

ZERO = Decimal(0)
_Item = TypeVar("_Item")

Column = tuple[Decimal, ...]
"""One figure for each evaluated bid, in the lot's order."""


@dataclass(frozen=True)
class Lot:
    """The evaluated set: bids that are accepted and pass the quality threshold; every column follows `bid_ids`."""

    scale_max: Decimal
    bid_ids: tuple[str, ...]
    prices: Column
    social_values: Column
    committee_points: dict[str, Column]  # by criterion id, for the criteria whose method reads them

    def __len__(self) -> int:
        return len(self.bid_ids)

    def without(self, position: int) -> "Lot":
        """The lot without the bid at `position`, as if it had never bid."""
        return Lot(
            scale_max=self.scale_max,
            bid_ids=_dropped(self.bid_ids, position),
            prices=_dropped(self.prices, position),
            social_values=_dropped(self.social_values, position),
            committee_points={
                criterion_id: _dropped(points, position) for criterion_id, points in self.committee_points.items()
            },
        )


def _dropped(column: tuple[_Item, ...], position: int) -> tuple[_Item, ...]:
    return column[:position] + column[position + 1 :]


def lot_of(request: EvaluationRequest, bids: Iterable[Bid]) -> Lot:
    """The lot made of `bids`, read in one pass."""
    proxy_values = request.proxy_values
    scored = [criterion.id for criterion in request.criteria if METHODS[criterion.method].committee_points]
    bid_ids: list[str] = []
    prices: list[Decimal] = []
    social_values: list[Decimal] = []
    committee_points: dict[str, list[Decimal]] = {criterion_id: [] for criterion_id in scored}
    with localcontext(EXACT):  # each social value SV = Σ quantity × proxy value, exact
        for bid in bids:
            bid_ids.append(bid.id)
            prices.append(bid.price)
            for criterion_id, points in committee_points.items():
                points.append(bid.points[criterion_id])  # validation made sure every evaluated bid has them
            social_value = ZERO
            for commitment in bid.social_commitments:
                social_value += commitment.quantity * proxy_values[commitment.proxy]
            social_values.append(social_value)
    return Lot(
        scale_max=request.scale_max,
        bid_ids=tuple(bid_ids),
        prices=tuple(prices),
        social_values=tuple(social_values),
        committee_points={criterion_id: tuple(points) for criterion_id, points in committee_points.items()},
    )
