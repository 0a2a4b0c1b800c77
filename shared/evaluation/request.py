"""The models of `evaluation-request/1`: the shape of a request, with the contract's defaults.

These models check types and required fields only; the rules that weigh one value against another (weights
that sum to 1, points within the scale, CVR numbers, known proxy codes …) are in `checks_*`, so that one wrong
value never hides the others. Build a request with `parse_request`, which runs both.
"""

from decimal import Decimal
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StrictBool, StringConstraints

from shared.evaluation.methods import Kind, TotalMethod
from shared.evaluation.numbers import Dec, read_decimal

REQUEST_FORMAT: Final = "evaluation-request/1"

Text = Annotated[str, StringConstraints(min_length=1)]


def _read_param(value: object) -> Decimal | bool:
    # Params are decimals except flags such as `clip`; which param takes which is checked per method.
    return value if isinstance(value, bool) else read_decimal(value)


ParamValue = Annotated[Decimal | bool, PlainValidator(_read_param, json_schema_input_type=str | int | bool)]


class _Contract(BaseModel):
    # Unknown fields are refused: a misspelt `quality_threshold` silently ignored would change an award.
    model_config = ConfigDict(frozen=True, extra="forbid")


class SocialCommitment(_Contract):
    """A promise in a bid: `quantity` units of the social outcome that `proxy` names in the proxy table."""

    proxy: Text
    quantity: Dec


class Bidder(_Contract):
    """Who bids; a Danish bidder (the default) must give a valid CVR number."""

    name: Text
    country: str = "DK"
    cvr: str | None = None
    rsv_registered: StrictBool = False  # kept for statistics only: scoring it would risk discrimination

    @property
    def is_danish(self) -> bool:
        return self.country == "DK"


class Bid(_Contract):
    """One bid on the lot; only `accepted` bids are evaluated."""

    id: Text
    bidder: Bidder
    status: Text = "accepted"
    price: Dec
    points: dict[str, Dec] = Field(default_factory=dict)
    social_commitments: tuple[SocialCommitment, ...] = ()

    @property
    def is_accepted(self) -> bool:
        return self.status == "accepted"


class Criterion(_Contract):
    """An award criterion: how its points are computed and, for `weighted_sum`, its weight."""

    id: Text
    kind: Kind
    weight: Dec | None = None
    method: Text
    params: dict[str, ParamValue] = Field(default_factory=dict)

    def decimal_param(self, name: str) -> Decimal:
        """A decimal param; validation has made sure it is there."""
        value = self.params[name]
        if not isinstance(value, Decimal):
            raise TypeError(f"param {name} of criterion {self.id} is not a decimal")
        return value

    def flag_param(self, name: str, *, default: bool) -> bool:
        """A true/false param, or `default` when it is left out."""
        return self.params.get(name, default) is True


class Total(_Contract):
    """How criterion points become one figure per bid; `monetised` adds `kr_per_point`, `social_credit`."""

    method: TotalMethod = "weighted_sum"
    kr_per_point: dict[str, Dec] | None = None
    social_credit: Dec | None = None


class QualityThreshold(_Contract):
    """Minimum committee quality, as shares of the scale: overall (on the sum) and per quality criterion."""

    overall: Dec | None = None
    per_criterion: Dec | None = None


class EvaluationRequest(_Contract):
    """A lot to evaluate: the frozen evaluation model, its bids, and the hash of the document it came from."""

    format: Literal["evaluation-request/1"]
    tender_id: Text
    lot_id: Text
    currency: Text
    scale_max: Dec = Decimal(10)
    criteria: tuple[Criterion, ...]
    total: Total = Total()
    proxy_values: dict[str, Dec]
    quality_threshold: QualityThreshold | None = None
    abnormally_low_ratio: Dec | None = None
    tie_break: tuple[Text, ...] = ()
    bids: tuple[Bid, ...]
    input_sha256: str  # not part of the document: `parse_request` sets it from the document as received
