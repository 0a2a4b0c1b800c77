"""Impact: a contract's social commitments followed from bid to delivered outcome, and the measures Kolding's
policy asks for, on its three tracks: people, enterprises, society.

Promised = the contract's targets; delivered = the quantities of verified outcome reports. Both are valued in DKK
with the tender's frozen proxy table version: with its SROI adjustments (the values that entered the evaluation)
and without them (the gross values), so a later version never changes a contract's figures.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
REPORT_GRACE = timedelta(days=30)  # a period's report is due this long after the period ends
TRACK_OF = {  # proxy code → (track, measure)
    "DK_LTU_HIRE": ("people", "hires_from_the_edge_of_the_labour_market"),
    "DK_FLEXJOB": ("people", "flexjobs"),
    "DK_APPRENTICE_YEAR": ("people", "training_places"),
    "DK_BENEFIT_TO_JOB_PUBLIC": ("society", "public_savings"),
}


@dataclass(frozen=True)
class Period:
    index: int
    start: date
    end: date  # inclusive

    @property
    def due_on(self) -> date:
        return self.end + REPORT_GRACE


@dataclass(frozen=True)
class Target:
    proxy: str
    quantity: Decimal
    adjusted_dkk_per_unit: Decimal
    gross_dkk_per_unit: Decimal


@dataclass(frozen=True)
class ContractFacts:
    """What the measures need of one contract; the store gathers it, nothing here reads a database."""

    contract_id: str
    tender_id: str
    supplier: str
    supplier_type: dict[str, Any]  # rsv, sheltered_workshop, sme_size, first_time
    procedure: str
    signed_on: date
    value_dkk: Decimal
    targets: tuple[Target, ...]
    delivered: dict[str, Decimal]  # proxy → verified quantity
    periods: tuple[Period, ...]
    social_economy_subcontractor: bool = False
    social_economy_share_pct: Decimal = Decimal(0)  # of the contract, subcontracted to social-economy enterprises
    sanctions: tuple[str, ...] = field(default=())


def reporting_periods(start: date, end: date, frequency: str) -> list[Period]:
    """The contract period cut into reporting periods of the clauses' frequency; the last may be shorter."""
    months, first = MONTHS_PER_PERIOD[frequency], start
    periods: list[Period] = []
    while first <= end:
        following = _add_months(first, months)
        periods.append(Period(len(periods), first, min(following - timedelta(days=1), end)))
        first = following
    return periods


def untold_reminders(
    contract_id: str,
    periods: tuple[Period, ...] | list[Period],
    today: date,
    reported: set[tuple[str, int]],
    told: set[tuple[str, int, str]],
) -> list[tuple[Period, str]]:
    """The reminders (period, "due" or "late") a contract's supplier is owed today and has not been told: a period
    that has ended is due, one past its report's due date late, unless a report stands for it (`reported`)."""
    return [
        (period, kind)
        for period in periods
        if (contract_id, period.index) not in reported
        for kind, passed in (("due", today > period.end), ("late", today > period.due_on))
        if passed and (contract_id, period.index, kind) not in told
    ]


def contract_measures(facts: ContractFacts, today: date) -> dict[str, Any]:
    promised = {t.proxy: t.quantity for t in facts.targets}
    adjusted = {t.proxy: t.adjusted_dkk_per_unit for t in facts.targets}
    gross = {t.proxy: t.gross_dkk_per_unit for t in facts.targets}
    delivered = {proxy: facts.delivered.get(proxy, Decimal(0)) for proxy in promised}
    promised_dkk = _value(promised, adjusted)
    delivered_dkk = _value(delivered, adjusted)
    elapsed = _elapsed_share(facts.periods, today)
    return {
        "contract_id": facts.contract_id,
        "tender_id": facts.tender_id,
        "supplier": facts.supplier,
        "supplier_type": facts.supplier_type,
        "procedure": facts.procedure,
        "year": facts.signed_on.year,
        "value_dkk": facts.value_dkk,
        "promised": promised,
        "delivered": delivered,
        "dkk_per_unit": adjusted,
        "dkk_per_unit_gross": gross,
        "promised_dkk": promised_dkk,
        "delivered_dkk": delivered_dkk,
        "promised_dkk_gross": _value(promised, gross),
        "delivered_dkk_gross": _value(delivered, gross),
        "delivery_rate": delivered_dkk / promised_dkk if promised_dkk else None,
        # Behind schedule: less delivered than promised for the reporting periods that have ended (reports are per
        # period, so a period still running cannot be behind).
        "behind_schedule": bool(promised_dkk) and delivered_dkk < promised_dkk * elapsed,
        "social_economy_subcontractor": facts.social_economy_subcontractor,
        "dkk_to_social_economy_subcontractors": facts.value_dkk * facts.social_economy_share_pct / 100,
        "undelivered_sanctions": list(facts.sanctions) if elapsed >= 1 and delivered_dkk < promised_dkk else [],
    }


def tracks(measures: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The policy's three tracks at a glance: people, enterprises, society."""
    people: dict[str, Decimal] = {}
    society = {"social_value_dkk": Decimal(0), "social_value_dkk_gross": Decimal(0)}
    for measure in measures:
        for proxy, quantity in measure["delivered"].items():
            track, name = TRACK_OF.get(proxy, ("society", "other_outcomes"))
            bucket = people if track == "people" else society
            bucket[name] = bucket.get(name, Decimal(0)) + quantity
        society["social_value_dkk"] += measure["delivered_dkk"]
        society["social_value_dkk_gross"] += measure["delivered_dkk_gross"]
    social_economy = [m for m in measures if m["supplier_type"].get("rsv")]
    enterprises = {
        "contracts_won_by_social_economy": len(social_economy),
        "dkk_won_by_social_economy": sum((m["value_dkk"] for m in social_economy), Decimal(0)),
        "contracts_with_social_economy_subcontractor": sum(1 for m in measures if m["social_economy_subcontractor"]),
        "dkk_to_social_economy_subcontractors": sum(
            (m["dkk_to_social_economy_subcontractors"] for m in measures), Decimal(0)
        ),
    }
    return {"people": people, "enterprises": enterprises, "society": society}


def group(measures: list[dict[str, Any]], by: str) -> dict[str, dict[str, Any]]:
    """Promised and delivered summed per supplier type, procedure or year: quantities per outcome, and DKK."""
    groups: dict[str, dict[str, Any]] = {}
    for measure in measures:
        for key in _keys(measure, by):
            total = groups.setdefault(
                key,
                {
                    "contracts": 0,
                    "promised_dkk": Decimal(0),
                    "delivered_dkk": Decimal(0),
                    "promised_dkk_gross": Decimal(0),
                    "delivered_dkk_gross": Decimal(0),
                    "behind_schedule": 0,
                    "promised": {},
                    "delivered": {},
                },
            )
            total["contracts"] += 1
            for side in ("promised", "delivered"):
                for proxy, quantity in measure[side].items():
                    total[side][proxy] = total[side].get(proxy, Decimal(0)) + quantity
            total["behind_schedule"] += measure["behind_schedule"]
            for figure in ("promised_dkk", "delivered_dkk", "promised_dkk_gross", "delivered_dkk_gross"):
                total[figure] += measure[figure]
    for total in groups.values():
        total["delivery_rate"] = total["delivered_dkk"] / total["promised_dkk"] if total["promised_dkk"] else None
    return groups


def _keys(measure: dict[str, Any], by: str) -> list[str]:
    if by == "procedure":
        return ["pilot_purchase" if measure["procedure"] == "pilot_purchase" else "ordinary_tender"]
    if by == "year":
        return [str(measure["year"])]
    kind = measure["supplier_type"]
    keys = ["social_economy" if kind.get("rsv") else "not_social_economy"]
    keys += ["sheltered_workshop"] if kind.get("sheltered_workshop") else []
    keys += ["sme"] if kind.get("sme_size") in ("micro", "small", "medium") else []
    keys += ["first_time_supplier"] if kind.get("first_time") else []
    return keys


def _value(quantities: dict[str, Decimal], per_unit: dict[str, Decimal]) -> Decimal:
    return sum((quantity * per_unit.get(proxy, Decimal(0)) for proxy, quantity in quantities.items()), Decimal(0))


def _elapsed_share(periods: tuple[Period, ...], today: date) -> Decimal:
    """The share of the contract's reporting periods that have ended."""
    if not periods:
        return Decimal(0)
    return Decimal(sum(1 for period in periods if period.end < today)) / Decimal(len(periods))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
