"""The evaluation engine: `evaluate` turns a validated request into its result, as a pure function.

Re-running a stored request must give the same figures to the last digit, since that is how an auditor
re-checks an award: so nothing here reads a clock, the environment or the caller's decimal context.
"""

from collections.abc import Sequence
from decimal import Decimal, localcontext
from itertools import repeat

from services.scoring.domain import result_warnings
from services.scoring.domain.arithmetic import ENGINE_CONTEXT
from services.scoring.domain.decisive_bids import decisive_bids
from services.scoring.domain.exclusion import split_bids
from services.scoring.domain.flags import abnormally_low
from services.scoring.domain.lot import Column, lot_of
from services.scoring.domain.scored_lot import ScoredLot, score_lot
from services.scoring.domain.totals import NO_QUALITY_POINTS
from services.scoring.domain.weight_sensitivity import weight_sensitivity
from shared.evaluation import (
    ABNORMALLY_LOW,
    EvaluationRequest,
    EvaluationResult,
    ExcludedBid,
    RankedBid,
    ResultWarning,
    Sensitivity,
)

ENGINE_VERSION = "1.0.0"
"""Names the arithmetic: a change that can move any figure of any request is a new version."""


def evaluate(request: EvaluationRequest, *, sensitivity: bool = False) -> EvaluationResult:
    """The result of evaluating the lot; `sensitivity` adds how firmly the winner wins (weighted_sum only)."""
    with localcontext(ENGINE_CONTEXT):
        evaluated, excluded = split_bids(request)
        scored = score_lot(request, lot_of(request, evaluated))
        if len(scored.standings.order) < len(scored.lot):  # some bids have no total to be ranked by
            excluded += [
                ExcludedBid(bid_id, NO_QUALITY_POINTS)
                for bid_id, total in zip(scored.lot.bid_ids, scored.totals.values, strict=True)
                if total is None
            ]
        with_sensitivity = sensitivity and request.total.method == "weighted_sum"
        return EvaluationResult.model_construct(
            tender_id=request.tender_id,
            lot_id=request.lot_id,
            method=request.total.method,
            better=scored.totals.better,
            ranking=_ranking(request, scored),
            excluded=tuple(sorted(excluded)),
            warnings=_warnings(request, scored),
            input_sha256=request.input_sha256,
            engine_version=ENGINE_VERSION,
            sensitivity=_sensitivity(request, scored) if with_sensitivity else None,
        )


def _ranking(request: EvaluationRequest, scored: ScoredLot) -> tuple[RankedBid, ...]:
    """One record per ranked bid: the part of the engine that grows with the lot, so built a column at a time."""
    lot, standings, totals = scored.lot, scored.standings, scored.totals
    criterion_ids = [points.criterion.id for points in scored.points]
    points = _rows(criterion_ids, [points.points for points in scored.points])
    weighted = _rows(criterion_ids, totals.weighted) if totals.weighted is not None else repeat(None)
    ranks = standings.rank_by_position(len(lot))
    flags = _flags(request, scored)
    # The records are built in the lot's order, reading each column straight down, and only then picked out in
    # ranking order: on a large lot, reading the columns in ranking order would miss the CPU's caches at every
    # figure. A bid without a total gets a record too, but it has no rank and is never picked.
    # (Not strict: without weights, `weighted` is an endless repeat of None.)
    columns = zip(ranks, lot.bid_ids, totals.values, points, weighted, lot.social_values, flags, strict=False)
    records = list(map(RankedBid._make, columns))
    return tuple(map(records.__getitem__, standings.order))


def _rows(criterion_ids: list[str], columns: Sequence[Column]) -> list[dict[str, Decimal]]:
    """Per bid, a map from criterion id to its figure, from one column of figures per criterion."""
    rows: list[dict[str, Decimal]] = [{} for _ in columns[0]]  # validation: there is a criterion
    # Filled a criterion at a time, which costs less than building each bid's dict from a zip of its row.
    for criterion_id, column in zip(criterion_ids, columns, strict=True):
        for row, figure in zip(rows, column, strict=True):
            row[criterion_id] = figure
    return rows


_NO_FLAGS: tuple[str, ...] = ()
_ABNORMALLY_LOW = (ABNORMALLY_LOW,)


def _flags(request: EvaluationRequest, scored: ScoredLot) -> list[tuple[str, ...]]:
    ratio, prices = request.abnormally_low_ratio, scored.lot.prices
    if ratio is None:
        return [_NO_FLAGS] * len(prices)
    return [_ABNORMALLY_LOW if low else _NO_FLAGS for low in abnormally_low(prices, ratio)]


def _warnings(request: EvaluationRequest, scored: ScoredLot) -> tuple[ResultWarning, ...]:
    warnings = result_warnings.relative_model(request)
    warnings += result_warnings.price_compression(scored.points, request.scale_max)
    warnings += result_warnings.clipped(scored.points, scored.lot)
    warnings += result_warnings.ties(scored.standings, scored.lot, request.tie_break)
    if not scored.standings.order:
        warnings.append(result_warnings.no_evaluated_bids())
    return tuple(warnings)


def _sensitivity(request: EvaluationRequest, scored: ScoredLot) -> Sensitivity:
    weights = [criterion.weight or Decimal(0) for criterion in request.criteria]  # weighted_sum: all present
    by_criterion = {
        criterion.id: weight_sensitivity(scored, weights, index) for index, criterion in enumerate(request.criteria)
    }
    return Sensitivity(scored.winner_id, by_criterion, decisive_bids(request, scored))
