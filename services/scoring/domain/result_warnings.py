"""The warnings of a result: a stable code for programs, and a message with 2-decimal figures for people."""

from collections.abc import Sequence
from decimal import Decimal

from services.scoring.domain.lot import Lot
from services.scoring.domain.ranking import Standings
from services.scoring.domain.scoring import CriterionPoints
from shared.evaluation import EvaluationRequest, ResultWarning, figure_for_people
from shared.evaluation.methods import METHODS

MOST_IDS_NAMED = 10  # a clipped criterion in a lot of thousands should not make a message of thousands of ids


def relative_model(request: EvaluationRequest) -> list[ResultWarning]:
    """Criteria whose points depend on the other bids, so adding or removing a bid can reverse two others."""
    relative = [f"{c.id} ({c.method})" for c in request.criteria if METHODS[c.method].relative]
    if not relative:
        return []
    message = (
        f"{_listed(relative)} score each bid against the other bids: adding or removing a bid can reverse "
        "the order of two others"
    )
    return [ResultWarning("relative_model", message)]


def price_compression(points: Sequence[CriterionPoints], scale_max: Decimal) -> list[ResultWarning]:
    """Proportional price points spread over less than a fifth of the scale: price weighs less than stated."""
    warnings = []
    for criterion in points:
        if criterion.criterion.method != "proportional" or len(criterion.points) < 2:
            continue
        lowest, highest = min(criterion.points), max(criterion.points)
        if (highest - lowest) * 5 < scale_max:
            span = f"{figure_for_people(lowest)} to {figure_for_people(highest)}"
            message = (
                f"{criterion.criterion.id} (proportional): the price points span {span}, less than a "
                f"fifth of the scale 0 to {figure_for_people(scale_max)}, so price weighs less than stated"
            )
            warnings.append(ResultWarning("price_compression", message))
    return warnings


def clipped(points: Sequence[CriterionPoints], lot: Lot) -> list[ResultWarning]:
    """Criteria on which some bid's points were clipped to the scale."""
    warnings = []
    for criterion in points:
        if criterion.clipped:
            bid_ids = sorted(lot.bid_ids[position] for position in criterion.clipped)
            message = (
                f"{criterion.criterion.id}: the points of {_counted(len(bid_ids), 'bid')} were clipped to "
                f"0 to {figure_for_people(lot.scale_max)}: {_named(bid_ids)}"
            )
            warnings.append(ResultWarning("clipped", message))
    return warnings


def ties(standings: Standings, lot: Lot, tie_break: Sequence[str]) -> list[ResultWarning]:
    """Equal totals that the tie-break criteria, if any, did not separate."""
    after = f" and equal points on {_listed(list(tie_break))}" if tie_break else ""
    warnings = []
    for rank, group in standings.ties:
        bid_ids = _named([lot.bid_ids[position] for position in group])
        message = f"{bid_ids} share rank {rank}: equal totals{after}"
        warnings.append(ResultWarning("tie", message))
    return warnings


def no_evaluated_bids() -> ResultWarning:
    """Every bid was excluded: a lawful outcome, and the officer must see it."""
    return ResultWarning("no_evaluated_bids", "every bid was excluded, so no bid is ranked")


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _named(bid_ids: list[str]) -> str:
    if len(bid_ids) <= MOST_IDS_NAMED:
        return ", ".join(bid_ids)
    return f"{', '.join(bid_ids[:MOST_IDS_NAMED])} and {len(bid_ids) - MOST_IDS_NAMED} more"


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
