"""Checks of the model around the criteria: scale, total, tie-break, thresholds and proxy values."""

from collections.abc import Iterator

from shared.evaluation.bounds import below_zero, not_above_zero, outside_share
from shared.evaluation.methods import METHODS
from shared.evaluation.problems import Problem, path
from shared.evaluation.reading import RequestParts
from shared.evaluation.request import Total


def model_problems(parts: RequestParts) -> Iterator[Problem]:
    """Everything wrong with the top-level fields of the request, besides its criteria and bids."""
    for name in ("scale_max", "abnormally_low_ratio"):
        value = parts.header.get(name)
        reason = not_above_zero(value) if value is not None else None
        if reason:
            yield Problem(path=name, reason=reason)
    yield from _threshold_problems(parts)
    for code, value in (parts.proxy_values or {}).items():
        reason = below_zero(value)
        if reason:
            yield Problem(path=path("proxy_values", code), reason=reason)
    for index, criterion_id in enumerate(parts.tie_break or ()):
        if criterion_id not in parts.criterion_ids:
            yield Problem(path=path("tie_break", index), reason=f"no criterion {criterion_id}")
    if parts.total is not None:
        yield from _total_problems(parts.total, parts)


def _threshold_problems(parts: RequestParts) -> Iterator[Problem]:
    threshold = parts.quality_threshold
    if threshold is None:
        return
    for name, share in (("overall", threshold.overall), ("per_criterion", threshold.per_criterion)):
        reason = outside_share(share) if share is not None else None
        if reason:
            yield Problem(path=path("quality_threshold", name), reason=reason)


def _total_problems(total: Total, parts: RequestParts) -> Iterator[Problem]:
    if total.method != "monetised":
        for name in ("kr_per_point", "social_credit"):
            if getattr(total, name) is not None:
                yield Problem(path=path("total", name), reason=f"unknown param for {total.method}")
    if total.method == "monetised":
        yield from _monetised_problems(total, parts)
    has_quality = any(criterion.kind == "quality" for _, criterion in parts.criteria)
    if total.method == "price_per_quality_point" and parts.all_criteria_read and not has_quality:
        yield Problem(path="criteria", reason="price_per_quality_point needs at least one quality criterion")


def _monetised_problems(total: Total, parts: RequestParts) -> Iterator[Problem]:
    """`monetised` needs DKK per point of quality (or direct social) criteria, and a `social_credit`."""
    if total.social_credit is None:
        yield Problem(path="total.social_credit", reason="missing (monetised needs a social_credit from 0 to 1)")
    else:
        reason = outside_share(total.social_credit)
        if reason:
            yield Problem(path="total.social_credit", reason=reason)
    if total.kr_per_point is None:
        reason = "missing (monetised needs the DKK per point of each quality criterion)"
        yield Problem(path="total.kr_per_point", reason=reason)
        return
    criteria = {criterion.id: criterion for _, criterion in parts.criteria}
    for criterion_id, amount in total.kr_per_point.items():
        at = path("total", "kr_per_point", criterion_id)
        reason = below_zero(amount)
        if reason:
            yield Problem(path=at, reason=reason)
        if criterion_id not in parts.criterion_ids:
            yield Problem(path=at, reason=f"no criterion {criterion_id}")
        elif criterion_id in criteria:
            reason = _not_priced_per_point(criteria[criterion_id].kind, criteria[criterion_id].method)
            if reason:
                yield Problem(path=at, reason=f"{criterion_id} {reason}")


def _not_priced_per_point(kind: str, method: str) -> str | None:
    if kind == "price":
        return "is a price criterion: the price enters the monetised total as it is"
    if kind == "social" and method in METHODS and method != "direct":
        return f"is scored from social value ({method}): social_credit prices that"
    return None
