"""The abnormally-low flag: a price below r × the median price of the *other* evaluated bids.

The law asks for an explanation of such a price, not a rejection, so the bid keeps its place in the ranking.
"""

from bisect import bisect_left
from decimal import Decimal, localcontext

from shared.evaluation.numbers import EXACT


def abnormally_low(prices: list[Decimal], ratio: Decimal) -> list[bool]:
    """For each price, whether it is below `ratio` × the median of all the others (never, when alone)."""
    ordered = sorted(prices)
    # Exact arithmetic: a price exactly at the limit is not below it. The median of an even count is the mean
    # of the middle two, so 2·P < r·(a + b) is compared rather than dividing by 2.
    with localcontext(EXACT):
        return [_below(price, ratio, _middle_of_others(ordered, bisect_left(ordered, price))) for price in prices]


def _middle_of_others(ordered: list[Decimal], removed: int) -> tuple[Decimal, ...]:
    """The middle value (odd count) or the middle two (even count) of `ordered` without its item `removed`."""
    count = len(ordered) - 1

    def at(index: int) -> Decimal:  # the index-th of the others, skipping the removed one
        return ordered[index if index < removed else index + 1]

    if count == 0:
        return ()
    if count % 2:
        return (at(count // 2),)
    return at(count // 2 - 1), at(count // 2)


def _below(price: Decimal, ratio: Decimal, middle: tuple[Decimal, ...]) -> bool:
    if not middle:
        return False
    return len(middle) * price < ratio * sum(middle)
