"""The legal and valuation figures the rules use, as values: thresholds, time limits, proxy tables.

They are data with a source and a period (read from `services/procurement/reference/`), not constants, because
they change every two years and some are still placeholders.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Threshold:
    dkk: Decimal
    eur: Decimal
    placeholder: bool


@dataclass(frozen=True)
class ThresholdPeriod:
    period: str
    valid_from: date
    valid_to: date
    source: str
    by_category: dict[str, Threshold]


@dataclass(frozen=True)
class Thresholds:
    periods: tuple[ThresholdPeriod, ...]
    near_ratio: Decimal

    def period_of(self, day: date) -> ThresholdPeriod | None:
        return next((p for p in self.periods if p.valid_from <= day <= p.valid_to), None)


@dataclass(frozen=True)
class TimeLimit:
    submission_days: int | None = None
    electronic_submission_days: int | None = None
    request_days: int | None = None
    advisory_days: int | None = None
    article: str = ""


@dataclass(frozen=True)
class TimeLimits:
    source: str
    by_procedure: dict[str, TimeLimit]


@dataclass(frozen=True)
class ProxyRow:
    code: str
    label_da: str
    label_en: str
    unit: str
    value_dkk: Decimal
    price_year: int
    verification: str  # verified, secondary, placeholder
    source: str
    deadweight_pct: Decimal
    attribution_pct: Decimal
    displacement_pct: Decimal
    drop_off_pct: Decimal
    duration_years: int

    @property
    def adjusted_value_dkk(self) -> Decimal:
        """The value per unit that the evaluation credits: the gross value less what would have happened anyway
        (deadweight), what others caused (attribution) and what merely moved elsewhere (displacement). Drop-off
        and duration shape multi-year outcomes; one unit here is one year, so they do not enter."""
        kept = Decimal(1)
        for share in (self.deadweight_pct, self.attribution_pct, self.displacement_pct):
            kept *= 1 - share / 100
        return self.value_dkk * kept


@dataclass(frozen=True)
class ProxyTable:
    version: str
    title: str
    rows: tuple[ProxyRow, ...]

    def frozen_values(self) -> dict[str, str]:
        """The DKK per unit a tender freezes into its evaluation models' `proxy_values`."""
        return {row.code: plain(row.adjusted_value_dkk) for row in self.rows}


@dataclass(frozen=True)
class Reference:
    thresholds: Thresholds
    time_limits: TimeLimits
    art77_cpv_prefixes: tuple[str, ...]


def plain(amount: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros (122000, 109800.5)."""
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
