"""The evaluated bids of a lot and the figures every scoring method reads, in one order throughout."""

from dataclasses import dataclass
from decimal import Decimal, localcontext

from shared.evaluation import Bid, EvaluationRequest
from shared.evaluation.numbers import EXACT

ZERO = Decimal(0)


@dataclass(frozen=True)
class Lot:
    """The evaluated set: bids that are accepted and pass the quality threshold; every list follows `bids`."""

    scale_max: Decimal
    bids: tuple[Bid, ...]
    bid_ids: list[str]
    prices: list[Decimal]
    social_values: list[Decimal]

    def committee_points(self, criterion_id: str) -> list[Decimal]:
        """The committee's points on `criterion_id` for each bid (validation made sure every bid has them)."""
        return [bid.points[criterion_id] for bid in self.bids]


def lot_of(request: EvaluationRequest, bids: tuple[Bid, ...]) -> Lot:
    """The lot made of `bids`."""
    return Lot(
        scale_max=request.scale_max,
        bids=bids,
        bid_ids=[bid.id for bid in bids],
        prices=[bid.price for bid in bids],
        social_values=_social_values(bids, request.proxy_values),
    )


def _social_values(bids: tuple[Bid, ...], proxy_values: dict[str, Decimal]) -> list[Decimal]:
    """Each bid's social value SV = Σ quantity × proxy value, exact."""
    social_values = []
    with localcontext(EXACT):
        for bid in bids:
            social_value = ZERO
            for commitment in bid.social_commitments:
                social_value += commitment.quantity * proxy_values[commitment.proxy]
            social_values.append(social_value)
    return social_values
