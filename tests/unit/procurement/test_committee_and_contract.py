"""The committee's and the contract's rules: who may score, what enters the evaluation, the winner's relative
advantages, and when a contract may be signed."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from services.procurement import domain
from services.procurement.domain import Member, PendingComplaint

NOW = datetime(2027, 1, 20, 12, tzinfo=UTC)


def test_an_evaluator_scores_only_after_declaring_no_conflict() -> None:
    with pytest.raises(domain.Forbidden, match="not on this tender"):
        domain.ensure_may_evaluate(None)
    with pytest.raises(domain.Forbidden, match="declare"):
        domain.ensure_may_evaluate(Member("mette", declared=False, has_conflict=False))
    with pytest.raises(domain.Forbidden, match="removed"):
        domain.ensure_may_evaluate(Member("lars", declared=True, has_conflict=True))
    domain.ensure_may_evaluate(Member("mette", declared=True, has_conflict=False))


def test_points_lie_on_the_scale_and_carry_a_justification() -> None:
    assert domain.points_problems(Decimal("7"), Decimal("10"), "Klar plan") == []
    assert [p for p, _ in domain.points_problems(Decimal("11"), Decimal("10"), " ")] == [
        "body.points",
        "body.justification",
    ]


def test_the_committee_scores_direct_and_relative_to_best_criteria_only() -> None:
    model = {
        "criteria": [
            {"id": "price", "method": "linear_relative"},
            {"id": "quality", "method": "direct"},
            {"id": "plan", "method": "relative_to_best"},
            {"id": "social", "method": "monetised_relative"},
        ]
    }
    assert domain.committee_criteria(model) == ["quality", "plan"]


def test_assessment_outcomes_and_their_reasons() -> None:
    assert domain.assessment_problems("compliance", "compliant", None) == []
    assert domain.assessment_problems("compliance", "noncompliant", "") == [
        ("body.reason", "noncompliant needs a reason")
    ]
    assert domain.assessment_problems("abnormally_low", "rejected", "Prisen er ikke forklaret") == []
    assert domain.assessment_problems("compliance", "kept", None)[0][0] == "body.outcome"


def test_the_latest_assessment_of_an_aspect_decides_the_bids_status() -> None:
    steps = [
        ("A", "compliance", "noncompliant"),
        ("A", "compliance", "compliant"),  # corrected: A is evaluated after all
        ("B", "abnormally_low", "clarification_requested"),
        ("B", "abnormally_low", "rejected"),
        ("C", "compliance", "late"),
        ("D", "eligibility", "not_eligible"),
    ]
    assert domain.evaluation_statuses(steps) == {"B": "rejected_abnormally_low", "C": "late", "D": "not_eligible"}


def test_consensus_is_owed_for_every_evaluated_bid_on_every_committee_criterion() -> None:
    missing = domain.missing_consensus(["A", "B", "C"], ["quality"], {("A", "quality")}, {"C": "late"})
    assert missing == ["B/quality"]


def test_the_winners_advantages_are_the_criteria_it_did_better_on() -> None:
    result = {
        "ranking": [
            {
                "bid_id": "B",
                "criteria": {
                    "price": {"points": "7.0000"},
                    "quality": {"points": "7.0000"},
                    "social": {"points": "10.0000"},
                },
            },
            {
                "bid_id": "C",
                "criteria": {
                    "price": {"points": "8.5000"},
                    "quality": {"points": "8.0000"},
                    "social": {"points": "4.5089"},
                },
            },
        ]
    }
    found = domain.advantages(result, "B", {("B", "social"): "Tre langtidsledige ansat"})
    # B beat C only on social value: 10.0000 > 4.5089; on price and quality C did better.
    assert found == {
        "C": [
            {
                "criterion_id": "social",
                "winner_points": "10.0000",
                "own_points": "4.5089",
                "justification": "Tre langtidsledige ansat",
            }
        ]
    }


def test_no_signing_before_the_standstill_ends_nor_during_a_suspensive_complaint() -> None:
    end = NOW + timedelta(days=10)
    with pytest.raises(domain.Conflict, match="not started"):
        domain.ensure_may_sign(NOW, None, [])
    with pytest.raises(domain.Conflict, match="standstill period runs until") as refused:
        domain.ensure_may_sign(end, end, [])
    # NOW + 10 days is 30 January 2027, 12:00 UTC: 13:00 in Copenhagen (winter time)
    assert refused.value.danish == "standstill-perioden løber til 30-01-2027 kl. 13:00:00,000; underskriv efter den"
    with pytest.raises(domain.Conflict, match="suspensive"):
        domain.ensure_may_sign(end + timedelta(seconds=1), end, [PendingComplaint("Park & Vej A/S", suspensive=True)])
    domain.ensure_may_sign(end + timedelta(seconds=1), end, [PendingComplaint("Park & Vej A/S", suspensive=False)])


def test_contract_targets_are_the_winners_commitments_valued_with_the_frozen_proxies() -> None:
    commitments = [{"proxy": "DK_LTU_HIRE", "quantity": "3"}, {"proxy": "DK_FLEXJOB", "quantity": "1"}]
    targets = domain.contract_targets(commitments, {"DK_LTU_HIRE": "122000", "DK_FLEXJOB": "42000"})
    assert targets == [
        {"proxy": "DK_LTU_HIRE", "quantity": Decimal(3), "value_dkk_per_unit": Decimal(122000)},
        {"proxy": "DK_FLEXJOB", "quantity": Decimal(1), "value_dkk_per_unit": Decimal(42000)},
    ]
