"""The model of `evaluation-result/1`: unrounded figures inside, the contract's rounded JSON out.

The engine builds one `RankedBid` per evaluated bid, so the per-bid records are light: named tuples holding
dicts of decimals, a fraction of the cost of a `BaseModel` and little for the garbage collector to trace.
pydantic still validates them when a result document is read back with `EvaluationResult.model_validate`.
"""

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any, Final, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, model_serializer, model_validator

from shared.evaluation.collector import collector_paused
from shared.evaluation.methods import TotalMethod

RESULT_FORMAT: Final = "evaluation-result/1"
ABNORMALLY_LOW = "abnormally_low"


class CriterionScore(NamedTuple):
    """A bid's points on one criterion and, for `weighted_sum`, weight × points (else None)."""

    points: Decimal
    weighted: Decimal | None


class RankedBid(NamedTuple):
    """An evaluated bid in the ranking; `points` and `weighted` follow the request's order of criteria."""

    rank: int
    bid_id: str
    total: Decimal
    points: dict[str, Decimal]
    weighted: dict[str, Decimal] | None  # weight × points, for weighted_sum only
    social_value: Decimal
    flags: tuple[str, ...]

    @property
    def criteria(self) -> dict[str, CriterionScore]:
        """Points and weighted points by criterion, as the result document nests them."""
        weighted = self.weighted or {}
        return {
            criterion_id: CriterionScore(points, weighted.get(criterion_id))
            for criterion_id, points in self.points.items()
        }


class ExcludedBid(NamedTuple):
    """A bid left out of the ranking, and why."""

    bid_id: str
    reason: str


class ResultWarning(NamedTuple):
    """Something the officer should know about the result: a stable `code` and a message for people."""

    code: str
    message: str


class WeightChange(NamedTuple):
    """The smallest change of a criterion's weight that puts another bid strictly ahead of the winner."""

    weight: Decimal  # the criterion's weight after the change
    change: Decimal  # how far it moved, a multiple of 0.0001
    bid_id: str  # the bid that would then lead


class WeightSensitivity(NamedTuple):
    """For one criterion: the change upwards and downwards, or None when no weight in [0, 1] does it."""

    increase: WeightChange | None
    decrease: WeightChange | None


class Sensitivity(NamedTuple):
    """How firmly the winner wins: weight changes per criterion, and bids whose removal alone changes it."""

    winner: str | None
    weights: dict[str, WeightSensitivity]
    decisive_bids: tuple[str, ...] | None  # None when not computed: no relative method, or a lot too large


class EvaluationResult(BaseModel):
    """The outcome of evaluating one lot. `to_document()` (and so `model_dump`) writes the contract's JSON."""

    model_config = ConfigDict(frozen=True)

    format: Literal["evaluation-result/1"] = RESULT_FORMAT
    tender_id: str
    lot_id: str
    method: TotalMethod
    better: Literal["higher", "lower"]
    ranking: tuple[RankedBid, ...]
    excluded: tuple[ExcludedBid, ...]
    warnings: tuple[ResultWarning, ...]
    input_sha256: str
    engine_version: str
    sensitivity: Sensitivity | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_document(cls, data: Any) -> Any:
        """Read a result document back: its ranking nests points and weighted points under `criteria`."""
        if isinstance(data, dict) and isinstance(data.get("ranking"), list):
            data = {**data, "ranking": [_unnested(entry) for entry in data["ranking"]]}
        return data

    @model_serializer
    def to_document(self) -> dict[str, Any]:
        """The result as the contract writes it: figures rounded half-up to 4 decimals, only here."""
        with collector_paused():  # a large ranking writes hundreds of thousands of dicts, and no cycle among them
            document: dict[str, Any] = {
                "format": self.format,
                "tender_id": self.tender_id,
                "lot_id": self.lot_id,
                "method": self.method,
                "better": self.better,
                "ranking": [_ranked_document(ranked) for ranked in self.ranking],
                "excluded": [{"bid_id": bid_id, "reason": reason} for bid_id, reason in self.excluded],
                "warnings": [{"code": code, "message": message} for code, message in self.warnings],
                "input_sha256": self.input_sha256,
                "engine_version": self.engine_version,
            }
        if self.sensitivity is not None:
            document["sensitivity"] = _sensitivity_document(self.sensitivity)
        return document


def figure(value: Decimal) -> str:
    """A figure as the contract writes it: half-up (away from zero) to 4 decimals, never `-0.0000`."""
    rounded = _WRITING.quantize(value, _FOUR_PLACES)
    return str(rounded) if rounded else "0.0000"  # every zero, -0.0000 among them


def figure_for_people(value: Decimal) -> str:
    """A figure in a text for people (a warning, a notice): the same rounding, to 2 decimals."""
    rounded = _WRITING.quantize(value, _TWO_PLACES)
    return str(rounded) if rounded else "0.00"


_FOUR_PLACES, _TWO_PLACES = Decimal("0.0001"), Decimal("0.01")
# Half-up rounds ties away from zero; 200 digits leave room for every figure the engine can produce.
_WRITING = Context(prec=200, rounding=ROUND_HALF_UP)


def _ranked_document(ranked: RankedBid) -> dict[str, Any]:
    weighted = ranked.weighted
    return {
        "rank": ranked.rank,
        "bid_id": ranked.bid_id,
        "total": figure(ranked.total),
        "criteria": {
            criterion_id: {
                "points": figure(points),
                "weighted": None if weighted is None else figure(weighted[criterion_id]),
            }
            for criterion_id, points in ranked.points.items()
        },
        "social_value": figure(ranked.social_value),
        "flags": list(ranked.flags),
    }


def _unnested(entry: Any) -> Any:
    if not (isinstance(entry, dict) and isinstance(entry.get("criteria"), dict)):
        return entry
    scores = {criterion_id: score for criterion_id, score in entry["criteria"].items() if isinstance(score, dict)}
    weighted = {criterion_id: score.get("weighted") for criterion_id, score in scores.items()}
    return {
        **{key: value for key, value in entry.items() if key != "criteria"},
        "points": {criterion_id: score.get("points") for criterion_id, score in scores.items()},
        "weighted": None if all(value is None for value in weighted.values()) else weighted,
    }


def _sensitivity_document(sensitivity: Sensitivity) -> dict[str, Any]:
    return {
        "winner": sensitivity.winner,
        "weights": {
            criterion_id: {
                "increase": _change_document(weights.increase),
                "decrease": _change_document(weights.decrease),
            }
            for criterion_id, weights in sensitivity.weights.items()
        },
        "decisive_bids": None if sensitivity.decisive_bids is None else list(sensitivity.decisive_bids),
    }


def _change_document(change: WeightChange | None) -> dict[str, str] | None:
    if change is None:
        return None
    return {"weight": figure(change.weight), "change": figure(change.change), "bid_id": change.bid_id}
