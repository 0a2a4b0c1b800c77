"""Ranking: best total first; `tie_break` criteria decide equal totals; bids still equal share a rank (1, 1, 3)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, count, islice
from operator import eq
from typing import Literal, cast


@dataclass(frozen=True)
class Standings:
    """The ranked bids as positions in the lot, best first, with their ranks and the ties that remain."""

    order: list[int]
    ranks: list[int]  # ranks[k] is the rank of order[k]
    ties: list[tuple[int, list[int]]]  # (rank, positions) for each rank that several bids share

    @property
    def winner(self) -> int | None:
        return self.order[0] if self.order else None

    def rank_by_position(self, bid_count: int) -> list[int | None]:
        """The rank of each bid of the lot, by its position in the lot; None for a bid without a total."""
        ranks: list[int | None] = [None] * bid_count
        for position, rank in zip(self.order, self.ranks, strict=True):
            ranks[position] = rank
        return ranks


def standings_of(
    bid_ids: Sequence[str],
    totals: Sequence[Decimal | None],
    tie_break: Sequence[Sequence[Decimal]],
    better: Literal["higher", "lower"],
) -> Standings:
    """Rank the bids that have a total; `tie_break` holds the points of each tie-break criterion, in order."""
    # Positions are sorted, not totals, so that they can be looked up in every column of the lot.
    ranked = [position for position, total in enumerate(totals) if total is not None]
    known = cast(Sequence[Decimal], totals)  # only positions with a total are ever looked up
    # One sort by total; equal totals are rare, so only their runs are then put in order.
    order = sorted(ranked, key=known.__getitem__, reverse=better == "higher")
    ranks = list(range(1, len(order) + 1))
    ties: list[tuple[int, list[int]]] = []
    for start, end in _runs_of_equal_totals(order, known):
        run = _ordered_equals(order[start:end], bid_ids, tie_break)
        order[start:end] = run
        for offset, group in _groups_of_equal_points(run, tie_break):
            rank = start + offset + 1
            ranks[start + offset : start + offset + len(group)] = [rank] * len(group)
            if len(group) > 1:
                ties.append((rank, group))
    return Standings(order, ranks, ties)


def _runs_of_equal_totals(order: list[int], totals: Sequence[Decimal]) -> list[tuple[int, int]]:
    """The [start, end) slices of `order` where two or more bids have exactly the same total."""
    in_order = list(map(totals.__getitem__, order))
    # The places where a total equals the next one, found in C: on a large lot a few of its many bids.
    equal_to_next = compress(count(), map(eq, in_order, islice(in_order, 1, None)))
    runs: list[tuple[int, int]] = []
    for index in equal_to_next:
        if runs and runs[-1][1] == index + 1:  # the run before goes on
            runs[-1] = (runs[-1][0], index + 2)
        else:
            runs.append((index, index + 2))
    return runs


def _ordered_equals(run: list[int], bid_ids: Sequence[str], tie_break: Sequence[Sequence[Decimal]]) -> list[int]:
    """Bids with equal totals: more points on the first tie-break criterion first, and so on, then by bid id."""
    # Stable sorts from the least significant key up.
    run = sorted(run, key=bid_ids.__getitem__)
    for points in reversed(tie_break):
        run.sort(key=points.__getitem__, reverse=True)
    return run


def _groups_of_equal_points(run: list[int], tie_break: Sequence[Sequence[Decimal]]) -> list[tuple[int, list[int]]]:
    """The bids of an ordered run that the tie-break criteria do not separate, with their offset in the run."""
    groups: list[tuple[int, list[int]]] = []
    previous: list[Decimal] | None = None
    for offset, position in enumerate(run):
        current = [points[position] for points in tie_break]
        if current == previous:
            groups[-1][1].append(position)
        else:
            groups.append((offset, [position]))
        previous = current
    return groups
