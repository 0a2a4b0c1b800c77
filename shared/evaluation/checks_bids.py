"""Checks of the bids: ids, prices, bidders' CVR numbers, the committee's points and the social commitments.

Every bid is checked whatever its status; only the committee's points are required of accepted bids alone,
since no other bid is evaluated.
"""

import re
from collections.abc import Iterator
from decimal import Decimal

from shared.cvr import cvr_problem
from shared.evaluation.bounds import below_zero, not_above_zero, outside_scale
from shared.evaluation.checks_criteria import duplicate_ids
from shared.evaluation.methods import method_of
from shared.evaluation.problems import Problem, path
from shared.evaluation.reading import RequestParts
from shared.evaluation.request import Bid, Bidder

_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def bid_problems(parts: RequestParts) -> Iterator[Problem]:
    """Everything wrong with the bids, on their own and against the evaluation model."""
    if parts.bid_count == 0:
        yield Problem(path="bids", reason="there are no bids")
    yield from duplicate_ids("bids", ((index, bid.id) for index, bid in parts.bids))
    points_check = _PointsCheck(parts)
    for index, bid in parts.bids:
        reason = not_above_zero(bid.price)
        if reason:
            yield Problem(path=path("bids", index, "price"), reason=reason)
        yield from _bidder_problems(index, bid.bidder)
        yield from points_check.problems(index, bid)
        yield from _commitment_problems(index, bid, parts.proxy_values)


def _bidder_problems(index: int, bidder: Bidder) -> Iterator[Problem]:
    if not _COUNTRY_CODE.fullmatch(bidder.country):
        not_a_code = f"{bidder.country} is not a two-letter country code in capitals (ISO 3166-1), such as DK"
        yield Problem(path=path("bids", index, "bidder", "country"), reason=not_a_code)
    if not bidder.is_danish:
        return
    reason = "missing (a Danish bidder needs a CVR number)" if bidder.cvr is None else cvr_problem(bidder.cvr)
    if reason:
        yield Problem(path=path("bids", index, "bidder", "cvr"), reason=reason)


def _commitment_problems(index: int, bid: Bid, proxy_values: dict[str, Decimal] | None) -> Iterator[Problem]:
    for position, commitment in enumerate(bid.social_commitments):
        at = ("bids", index, "social_commitments", position)
        if proxy_values is not None and commitment.proxy not in proxy_values:
            yield Problem(path=path(*at, "proxy"), reason=f"unknown code {commitment.proxy}")
        reason = below_zero(commitment.quantity)
        if reason:
            yield Problem(path=path(*at, "quantity"), reason=reason)


class _PointsCheck:
    """The committee's points on a bid: for known, committee-scored criteria, on the scale, none missing."""

    def __init__(self, parts: RequestParts) -> None:
        scale_max = parts.scale_max
        self._scale_max = scale_max if scale_max is not None and scale_max > 0 else None  # else reported itself
        self._criterion_ids = parts.criterion_ids
        methods = {criterion.id: method_of(criterion.kind, criterion.method) for _, criterion in parts.criteria}
        self._scored = [criterion_id for criterion_id, method in methods.items() if method and method.committee_points]
        self._not_scored = {
            criterion_id: method.name
            for criterion_id, method in methods.items()
            if method and not method.committee_points
        }

    def problems(self, index: int, bid: Bid) -> Iterator[Problem]:
        for criterion_id, value in bid.points.items():
            reason = self._problem(criterion_id, value)
            if reason:
                yield Problem(path=path("bids", index, "points", criterion_id), reason=reason)
        if not bid.is_accepted:
            return
        for criterion_id in self._scored:
            if criterion_id not in bid.points:
                reason = f"missing (an accepted bid needs the committee's points for {criterion_id})"
                yield Problem(path=path("bids", index, "points", criterion_id), reason=reason)

    def _problem(self, criterion_id: str, value: Decimal) -> str | None:
        if criterion_id not in self._criterion_ids:
            return f"no criterion {criterion_id}"
        if criterion_id in self._not_scored:
            return f"{criterion_id} takes no committee points (its method is {self._not_scored[criterion_id]})"
        return outside_scale(value, self._scale_max) if self._scale_max is not None else None
