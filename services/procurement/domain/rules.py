"""The warnings an officer sees about a tender before and at publication: thresholds, time limits, the mandatory
training clause, relative price models, late answers; and the reservation problems that stop a save."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from services.procurement.domain.lifecycle import LATE_CHANGE
from services.procurement.domain.reference import Reference, Thresholds, TimeLimit, plain
from services.procurement.domain.terms import (
    BELOW_THRESHOLD_PROCEDURES,
    ClauseType,
    ContractType,
    Procedure,
    Reservation,
    TenderTerms,
    Warning,
)

# udbudsloven § 176 stk. 2 and bek. 1079/2022: services of at least 5 m kr, or works above the EU threshold,
# lasting at least six months, must require trainees. The two public readings differ; see the README.
TRAINING_SERVICES_FROM_DKK = Decimal(5_000_000)
TRAINING_MIN_DAYS = 183
RELATIVE_PRICE_METHODS = ("linear_relative", "proportional", "mean_based")
ART77_MAX_DAYS = 3 * 365 + 1  # three years, a leap day included


def tender_warnings(terms: TenderTerms, reference: Reference, models: list[dict[str, Any]]) -> list[Warning]:
    return [
        *threshold_warnings(terms, reference.thresholds),
        *time_limit_warnings(terms, reference.time_limits.by_procedure[terms.procedure]),
        *training_clause_warnings(terms, reference.thresholds),
        *relative_price_warnings(models),
    ]


def threshold_warnings(terms: TenderTerms, thresholds: Thresholds) -> list[Warning]:
    period = thresholds.period_of(terms.published_at.date())
    if period is None:
        return [
            Warning(
                "threshold_unknown",
                f"Ingen tærskelværdier for {terms.published_at:%Y}.",
                f"No thresholds are known for {terms.published_at:%Y}.",
            )
        ]
    category = threshold_category(terms)
    threshold = period.by_category[category]
    note_da = " (foreløbigt tal, ikke bekræftet)" if threshold.placeholder else ""
    note_en = " (a placeholder figure, not confirmed)" if threshold.placeholder else ""
    value, limit = terms.estimated_value_dkk, threshold.dkk
    figures_da = f"anslået værdi {plain(value)} kr., tærskel {plain(limit)} kr. ({category}, {period.period}){note_da}"
    figures_en = (
        f"estimated value DKK {plain(value)}, threshold DKK {plain(limit)} ({category}, {period.period}){note_en}"
    )
    if terms.procedure not in BELOW_THRESHOLD_PROCEDURES:
        return []
    if value >= limit:
        return [
            Warning(
                "above_eu_threshold",
                f"Værdien er på eller over EU-tærsklen: {figures_da}. Et EU-udbud er påkrævet.",
                f"The value is at or above the EU threshold: {figures_en}. An EU procedure is required.",
            )
        ]
    if value >= limit * thresholds.near_ratio:
        return [
            Warning(
                "near_eu_threshold",
                f"Værdien er tæt på EU-tærsklen: {figures_da}. Kontrollér beregningen af værdien.",
                f"The value is near the EU threshold: {figures_en}. Check how the value was estimated.",
            )
        ]
    return []


def threshold_category(terms: TenderTerms) -> str:
    if terms.procedure is Procedure.LIGHT_REGIME:
        return "light_regime"
    return "works" if terms.contract_type is ContractType.WORKS else "services_supplies"


def time_limit_warnings(terms: TenderTerms, limit: TimeLimit) -> list[Warning]:
    warnings = []
    submission_minimum = limit.electronic_submission_days or limit.submission_days
    start_of_tenders = terms.request_deadline or terms.published_at
    if submission_minimum and terms.request_deadline is None and limit.request_days is None:
        warnings += _too_short("submission", terms.submission_deadline - terms.published_at, submission_minimum, limit)
    if limit.request_days:
        if terms.request_deadline is None:
            warnings.append(
                Warning(
                    "request_deadline_missing",
                    "Proceduren har en frist for anmodning om deltagelse, men ingen er angivet.",
                    "The procedure has a deadline for requests to participate, but none is set.",
                )
            )
        else:
            warnings += _too_short("request", terms.request_deadline - terms.published_at, limit.request_days, limit)
            if submission_minimum:
                warnings += _too_short(
                    "submission", terms.submission_deadline - start_of_tenders, submission_minimum, limit
                )
    if limit.advisory_days and terms.submission_deadline - terms.published_at < timedelta(days=limit.advisory_days):
        warnings.append(
            Warning(
                "short_time_limit",
                f"Fristen er under {limit.advisory_days} dage: er den rimelig for små virksomheder?",
                f"The time limit is under {limit.advisory_days} days: is it reasonable for small firms?",
            )
        )
    return warnings


def _too_short(kind: str, given: timedelta, minimum_days: int, limit: TimeLimit) -> list[Warning]:
    if given >= timedelta(days=minimum_days):
        return []
    what_da = {"submission": "tilbudsfristen", "request": "fristen for anmodning om deltagelse"}[kind]
    what_en = {"submission": "the time limit for tenders", "request": "the time limit for requests to participate"}[
        kind
    ]
    days = given.total_seconds() / 86400
    return [
        Warning(
            f"{kind}_time_limit_too_short",
            f"{what_da.capitalize()} er {days:.1f} dage; minimum er {minimum_days} dage ({limit.article}).",
            f"{what_en.capitalize()} is {days:.1f} days; the minimum is {minimum_days} days ({limit.article}).",
        )
    ]


def training_clause_warnings(terms: TenderTerms, thresholds: Thresholds) -> list[Warning]:
    if not training_clause_required(terms, thresholds) or terms.training_exemption:
        return []
    if any(clause.type is ClauseType.TRAINING for clause in terms.clauses):
        return []
    return [
        Warning(
            "training_clause_missing",
            "Udbudsloven § 176, stk. 2 kræver krav om oplæring i denne kontrakt, men der er ingen "
            "oplæringsklausul (eller registreret undtagelse).",
            "udbudsloven § 176(2) requires a training clause in this contract, but there is none "
            "(nor a recorded exemption).",
        )
    ]


def training_clause_required(terms: TenderTerms, thresholds: Thresholds) -> bool:
    if terms.duration_days < TRAINING_MIN_DAYS:
        return False
    if terms.contract_type is ContractType.SERVICES:
        return terms.estimated_value_dkk >= TRAINING_SERVICES_FROM_DKK
    if terms.contract_type is ContractType.WORKS:
        period = thresholds.period_of(terms.published_at.date())
        return period is not None and terms.estimated_value_dkk >= period.by_category["works"].dkk
    return False


def relative_price_warnings(models: list[dict[str, Any]]) -> list[Warning]:
    methods = sorted({c.get("method", "") for m in models for c in m.get("criteria", []) if c.get("kind") == "price"})
    relative = [method for method in methods if method in RELATIVE_PRICE_METHODS]
    if not relative:
        return []
    return [
        Warning(
            "relative_price_model",
            f"Prismodellen ({', '.join(relative)}) er relativ: et tilbud kan ændre rækkefølgen mellem to "
            "andre. En absolut model (absolute_anchored) undgår det.",
            f"The price model ({', '.join(relative)}) is relative: one bid can reverse the order of two "
            "others. An absolute model (absolute_anchored) avoids that.",
        )
    ]


def late_answer_warnings(answered_at: datetime, deadline: datetime) -> list[Warning]:
    if deadline - answered_at >= LATE_CHANGE:
        return []
    return [
        Warning(
            "late_answer",
            "Svaret kommer mindre end 6 dage før tilbudsfristen: overvej at forlænge fristen.",
            "The answer comes less than 6 days before the deadline: consider extending it.",
        )
    ]


def reservation_problems(terms: TenderTerms, art77_cpv_prefixes: tuple[str, ...]) -> list[tuple[str, str]]:
    """What stops a reserved tender from being saved, as (field, reason)."""
    if terms.reservation is not Reservation.ART77:
        return []
    problems = []
    if terms.duration_days > ART77_MAX_DAYS:
        problems.append(("contract_end", "a contract reserved under Art. 77 may last at most 3 years"))
    outside = [cpv for cpv in terms.cpv_codes if not cpv.startswith(art77_cpv_prefixes)]
    if outside or not terms.cpv_codes:
        listed = ", ".join(outside) or "none given"
        problems.append(
            ("cpv_codes", f"Art. 77 reserves only the listed health, social and cultural services ({listed})")
        )
    return problems
