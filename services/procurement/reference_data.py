"""Reads the reference figures in `reference/` (thresholds, time limits, Art. 77 services, proxy tables)."""

import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from services.procurement.domain import ProxyRow, ProxyTable, Reference
from services.procurement.domain.reference import Threshold, ThresholdPeriod, Thresholds, TimeLimit, TimeLimits

REFERENCE_DIR = Path(__file__).parent / "reference"


@cache
def reference() -> Reference:
    return Reference(thresholds=_thresholds(), time_limits=_time_limits(), art77_cpv_prefixes=_art77_prefixes())


def shipped_proxy_tables() -> list[dict[str, Any]]:
    """The proxy table documents shipped with the suite, oldest version first; officers add later versions."""
    return [json.loads(path.read_text()) for path in sorted((REFERENCE_DIR / "proxy_tables").glob("*.json"))]


def proxy_table_from(document: dict[str, Any]) -> ProxyTable:
    rows = tuple(
        ProxyRow(
            code=row["code"],
            label_da=row["label_da"],
            label_en=row["label_en"],
            unit=row["unit"],
            value_dkk=Decimal(row["value_dkk"]),
            price_year=int(row["price_year"]),
            verification=row["verification"],
            source=row["source"],
            deadweight_pct=Decimal(row.get("deadweight_pct", "0")),
            attribution_pct=Decimal(row.get("attribution_pct", "0")),
            displacement_pct=Decimal(row.get("displacement_pct", "0")),
            drop_off_pct=Decimal(row.get("drop_off_pct", "0")),
            duration_years=int(row.get("duration_years", 1)),
        )
        for row in document["rows"]
    )
    return ProxyTable(version=document["version"], title=document["title"], rows=rows)


def _thresholds() -> Thresholds:
    document = json.loads((REFERENCE_DIR / "thresholds.json").read_text())
    periods = tuple(
        ThresholdPeriod(
            period=period["period"],
            valid_from=date.fromisoformat(period["valid_from"]),
            valid_to=date.fromisoformat(period["valid_to"]),
            source=period["source"],
            by_category={
                category: Threshold(Decimal(t["dkk"]), Decimal(t["eur"]), bool(t["placeholder"]))
                for category, t in period["thresholds"].items()
            },
        )
        for period in document["periods"]
    )
    return Thresholds(periods=periods, near_ratio=Decimal(document["near_ratio"]))


def _time_limits() -> TimeLimits:
    document = json.loads((REFERENCE_DIR / "time_limits.json").read_text())
    limits = {name: TimeLimit(**limit) for name, limit in document["procedures"].items()}
    return TimeLimits(source=document["source"], by_procedure=limits)


def _art77_prefixes() -> tuple[str, ...]:
    return tuple(json.loads((REFERENCE_DIR / "art77_cpv.json").read_text())["prefixes"])
