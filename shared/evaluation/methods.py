"""The vocabulary of `evaluation-request/1`: criterion kinds, scoring methods and their params, totals.

Validation reads it to check a request; the scoring engine reads it to know which methods are relative, clip
or take the committee's points. The formulas themselves live in the engine alone.
"""

from dataclasses import dataclass
from typing import Literal

Kind = Literal["price", "quality", "social"]
TotalMethod = Literal["weighted_sum", "monetised", "price_per_quality_point"]


@dataclass(frozen=True)
class Param:
    """A method param: a decimal with a lower bound, or a true/false `flag`; required unless defaulted."""

    name: str
    lower_bound: Literal["above zero", "at least zero", "above param", "flag"]
    required: bool = True
    above: str = ""  # the param this one must exceed, for `lower_bound="above param"`


@dataclass(frozen=True)
class Method:
    """A scoring method: the kinds it scores, its params, and the traits the engine and warnings rely on."""

    name: str
    kinds: frozenset[Kind]
    params: tuple[Param, ...] = ()
    relative: bool = False  # points depend on the other bids, so a third bid can reverse the order of two
    committee_points: bool = False  # reads the committee's points for the criterion from each bid
    clips: bool = False  # points outside [0, M] are clipped to it (linear_relative: unless `clip` is false)


_PRICE: frozenset[Kind] = frozenset({"price"})
_QUALITY: frozenset[Kind] = frozenset({"quality"})
_SOCIAL: frozenset[Kind] = frozenset({"social"})

METHODS: dict[str, Method] = {
    method.name: method
    for method in (
        Method(
            "linear_relative",
            _PRICE,
            (Param("slope", "above zero"), Param("clip", "flag", required=False)),
            relative=True,
            clips=True,
        ),
        Method("proportional", _PRICE, relative=True),
        Method(
            "absolute_anchored",
            _PRICE,
            (Param("best_price", "at least zero"), Param("zero_price", "above param", above="best_price")),
            clips=True,
        ),
        Method("mean_based", _PRICE, relative=True, clips=True),
        Method("direct", _QUALITY | _SOCIAL, committee_points=True),
        Method("relative_to_best", _QUALITY, relative=True, committee_points=True),
        Method("monetised_relative", _SOCIAL, relative=True),
        Method("monetised_absolute", _SOCIAL, (Param("full_ratio", "above zero"),), clips=True),
    )
}


def methods_for(kind: str) -> list[str]:
    """The names of the methods that score criteria of `kind`, in the contract's order."""
    return [method.name for method in METHODS.values() if kind in method.kinds]


def method_of(kind: str, name: str) -> Method | None:
    """The method `name` if it scores criteria of `kind`, else None."""
    method = METHODS.get(name)
    return method if method is not None and kind in method.kinds else None
