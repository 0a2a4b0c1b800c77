"""Checks of the criteria: unique ids, a method that scores the kind, its params, and the weights."""

from collections.abc import Iterable, Iterator
from decimal import Decimal

from shared.evaluation.bounds import below_zero, not_above_zero, outside_share
from shared.evaluation.methods import Param, method_of, methods_for
from shared.evaluation.numbers import exact_sum, written
from shared.evaluation.problems import Problem, path
from shared.evaluation.reading import RequestParts
from shared.evaluation.request import Criterion


def criteria_problems(parts: RequestParts) -> Iterator[Problem]:
    """Everything wrong with the criteria, on their own and together."""
    if parts.criterion_count == 0:
        yield Problem(path="criteria", reason="there are no criteria")
    yield from duplicate_ids("criteria", ((index, criterion.id) for index, criterion in parts.criteria))
    for index, criterion in parts.criteria:
        yield from _method_problems(index, criterion)
    yield from _weight_problems(parts)


def duplicate_ids(list_name: str, ids: Iterable[tuple[int, str]]) -> Iterator[Problem]:
    """A problem for every id already used earlier in the list."""
    first_seen: dict[str, int] = {}
    for index, item_id in ids:
        if item_id in first_seen:
            reason = f"duplicate id {item_id} (also {list_name}[{first_seen[item_id]}])"
            yield Problem(path=path(list_name, index, "id"), reason=reason)
        else:
            first_seen[item_id] = index


def _method_problems(index: int, criterion: Criterion) -> Iterator[Problem]:
    method = method_of(criterion.kind, criterion.method)
    if method is None:
        expected = " or ".join(methods_for(criterion.kind))
        unknown = f"unknown method {criterion.method} for kind {criterion.kind} (expected {expected})"
        yield Problem(path=path("criteria", index, "method"), reason=unknown)
        return
    takes = {param.name: param for param in method.params}
    for name in criterion.params:
        if name not in takes:
            offered = ", ".join(takes) if takes else "no params"
            unknown = f"unknown param for {method.name} (it takes {offered})"
            yield Problem(path=path("criteria", index, "params", name), reason=unknown)
    for param in method.params:
        reason = _param_problem(param, criterion, method.name)
        if reason:
            yield Problem(path=path("criteria", index, "params", param.name), reason=reason)


def _param_problem(param: Param, criterion: Criterion, method_name: str) -> str | None:
    value = criterion.params.get(param.name)
    if value is None:
        return f"missing ({method_name} needs {param.name})" if param.required else None
    if param.lower_bound == "flag":
        return None if isinstance(value, bool) else f"expected true or false, got {written(value)}"
    if isinstance(value, bool):
        return f"expected a decimal number, got {str(value).lower()}"
    if param.lower_bound == "above zero":
        return not_above_zero(value)
    if param.lower_bound == "at least zero":
        return below_zero(value)
    bound = criterion.params.get(param.above)
    if isinstance(bound, Decimal) and value <= bound:
        return f"{written(value)} is not above {param.above} {written(bound)}"
    return None


def _weight_problems(parts: RequestParts) -> Iterator[Problem]:
    """`weighted_sum` needs a weight from 0 to 1 on every criterion, summing to exactly 1."""
    if parts.total is None or parts.total.method != "weighted_sum":
        return
    weights = []
    for index, criterion in parts.criteria:
        if criterion.weight is None:
            missing = "missing (weighted_sum needs a weight for every criterion)"
            yield Problem(path=path("criteria", index, "weight"), reason=missing)
            continue
        reason = outside_share(criterion.weight)
        if reason:
            yield Problem(path=path("criteria", index, "weight"), reason=reason)
        weights.append(criterion.weight)
    # A sum over some of the weights would only add a confusing second problem.
    if parts.all_criteria_read and len(weights) == len(parts.criteria) and weights:
        weight_sum = exact_sum(weights)
        if weight_sum != 1:
            yield Problem(path="criteria", reason=f"weights sum to {written(weight_sum)}, not 1")
