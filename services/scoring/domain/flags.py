"""The abnormally-low flag: a price below r × the median price of the *other* evaluated bids.

The law asks for an explanation of such a price, not a rejection, so the bid keeps its place in the ranking.
"""

from bisect import bisect_left
from collections.abc import Sequence
from decimal import Decimal, localcontext

from shared.evaluation.numbers import EXACT


def abnormally_low(prices: Sequence[Decimal], ratio: Decimal) -> list[bool]:
    """For each price, whether it is below `ratio` × the median of all the others (never, when alone)."""
    others = len(prices) - 1
    if others < 1:
        return [False] * len(prices)
    ordered = sorted(prices)
    # The middle places of the others: the middle one of an odd count, the middle two of an even count.
    places = [others // 2] if others % 2 else [others // 2 - 1, others // 2]
    # Taking a price out moves every price above it one place down, so at a middle place k the others hold
    # ordered[k] if it lies below the price taken out, else ordered[k + 1]. Which of these the middle is made of
    # depends only on how many of the middle figures lie below the price: one limit per case serves every price.
    middle_figures = [ordered[place] for place in places]
    # Exact arithmetic: a price exactly at the limit is not below it. The median of an even count is the mean
    # of the middle two, so 2·P < r·(a + b) is compared rather than dividing by 2.
    with localcontext(EXACT):
        limits = [ratio * sum(_others_middle(ordered, places, below)) for below in range(len(places) + 1)]
        return [len(places) * price < limits[bisect_left(middle_figures, price)] for price in prices]


def _others_middle(ordered: list[Decimal], places: list[int], below: int) -> list[Decimal]:
    """The others' middle figures when the price taken out lies above the first `below` of the middle places."""
    return [ordered[place] if position < below else ordered[place + 1] for position, place in enumerate(places)]
