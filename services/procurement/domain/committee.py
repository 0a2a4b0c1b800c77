"""The evaluation committee and the assessment of each bid: who may score, what the committee scores, what
enters the evaluation, and what the winner did better."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from services.procurement.domain.refusals import Forbidden

# Methods whose points the committee gives; the others are computed from the bids.
COMMITTEE_METHODS = ("direct", "relative_to_best")
ASSESSMENT_OUTCOMES = {
    "compliance": ("compliant", "noncompliant", "late"),
    "abnormally_low": ("clarification_requested", "answer_received", "kept", "rejected"),
    "documentation": ("consistent", "inconsistent"),
    "eligibility": ("eligible", "not_eligible"),
}
# The assessment outcomes that take a bid out of the evaluation, and the status the evaluation gives it.
EXCLUDED_BY = {
    ("compliance", "noncompliant"): "noncompliant",
    ("compliance", "late"): "late",
    ("abnormally_low", "rejected"): "rejected_abnormally_low",
    ("eligibility", "not_eligible"): "not_eligible",
}
NEEDS_A_REASON = {"noncompliant", "late", "rejected", "inconsistent", "not_eligible"}


@dataclass(frozen=True)
class Member:
    evaluator_id: str
    declared: bool
    has_conflict: bool


def committee_criteria(model: dict[str, Any]) -> list[str]:
    return [c["id"] for c in model.get("criteria", []) if c.get("method") in COMMITTEE_METHODS]


def ensure_may_evaluate(member: Member | None) -> None:
    """An evaluator sees bids and scores only as an assigned member who has declared no conflict of interest."""
    if member is None:
        raise not_on_the_committee()
    if not member.declared:
        raise Forbidden(
            "declare whether you have a conflict of interest before you see any bid",
            "erklær, om du er inhabil, før du ser noget tilbud",
        )
    if member.has_conflict:
        raise Forbidden(
            "you declared a conflict of interest and were removed from the committee",
            "du erklærede dig inhabil og er taget ud af bedømmelsesudvalget",
        )


def not_on_the_committee() -> Forbidden:
    return Forbidden(
        "you are not on this tender's evaluation committee", "du er ikke med i udbuddets bedømmelsesudvalg"
    )


def not_an_evaluator() -> Forbidden:
    return Forbidden(
        "only an evaluator on the tender's committee can do this",
        "kun en bedømmer i udbuddets bedømmelsesudvalg kan gøre dette",
    )


def points_problems(points: Decimal, scale_max: Decimal, justification: str) -> list[tuple[str, str]]:
    problems = []
    if not Decimal(0) <= points <= scale_max:
        problems.append(("body.points", f"{points} is outside the scale 0 to {scale_max}"))
    if not justification.strip():
        problems.append(("body.justification", "every score needs a written justification"))
    return problems


def assessment_problems(aspect: str, outcome: str, reason: str | None) -> list[tuple[str, str]]:
    allowed = ASSESSMENT_OUTCOMES[aspect]
    if outcome not in allowed:
        return [("body.outcome", f"{outcome} is not an outcome of {aspect}; one of {', '.join(allowed)}")]
    if outcome in NEEDS_A_REASON and not (reason or "").strip():
        return [("body.reason", f"{outcome} needs a reason")]
    return []


def evaluation_statuses(assessments: list[tuple[str, str, str]]) -> dict[str, str]:
    """Each bid's status for the evaluation, from its assessments (bid, aspect, outcome) in the order they were
    made; a later assessment of an aspect replaces an earlier one. Unassessed bids are accepted."""
    latest: dict[tuple[str, str], str] = {}
    for bid_id, aspect, outcome in assessments:
        latest[(bid_id, aspect)] = outcome
    statuses: dict[str, str] = {}
    for (bid_id, aspect), outcome in latest.items():
        excluded = EXCLUDED_BY.get((aspect, outcome))
        if excluded and bid_id not in statuses:
            statuses[bid_id] = excluded
    return statuses


def missing_consensus(
    bid_ids: list[str], criteria: list[str], agreed: set[tuple[str, str]], statuses: dict[str, str]
) -> list[str]:
    """The (bid, criterion) pairs the committee still owes points for: every evaluated bid on every criterion."""
    return [
        f"{bid}/{criterion}"
        for bid in bid_ids
        if bid not in statuses
        for criterion in criteria
        if (bid, criterion) not in agreed
    ]


def advantages(
    result: dict[str, Any], winner_bid_id: str, justifications: dict[tuple[str, str], str]
) -> dict[str, list[dict[str, Any]]]:
    """For each other ranked bid, the criteria on which the winner scored more: the winner's and its own points,
    and the committee's justification of the winner's points (udbudsloven § 171: relative advantages)."""
    ranked = {entry["bid_id"]: entry for entry in result.get("ranking", [])}
    winner = ranked[winner_bid_id]["criteria"]
    found: dict[str, list[dict[str, Any]]] = {}
    for bid_id, entry in ranked.items():
        if bid_id == winner_bid_id:
            continue
        found[bid_id] = [
            {
                "criterion_id": criterion,
                "winner_points": winner[criterion]["points"],
                "own_points": score["points"],
                "justification": justifications.get((winner_bid_id, criterion)),
            }
            for criterion, score in entry["criteria"].items()
            if Decimal(winner[criterion]["points"]) > Decimal(score["points"])
        ]
    return found
