"""The legal rules an officer's tender is checked against: thresholds, time limits, the training clause,
reservations, the deadline after an amendment, late answers, the Art. 77 three-year rule, proxy values."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from services.procurement import domain
from services.procurement.domain import ClauseForm, ClauseType, ContractType, Procedure, Reservation, SocialClause
from services.procurement.domain.terms import TenderTerms
from services.procurement.reference_data import proxy_table_from, reference, shipped_proxy_tables

PUBLISHED = datetime(2026, 12, 1, 9, tzinfo=UTC)  # in the 2026-2027 threshold period
TRAINING = SocialClause(ClauseType.TRAINING, ClauseForm.CONTRACT_CONDITION, "1 person under oplæring")


def terms(**changes: object) -> TenderTerms:
    base: dict[str, object] = {
        "procedure": Procedure.OPEN,
        "contract_type": ContractType.SERVICES,
        "estimated_value_dkk": Decimal("2600000"),
        "contract_start": date(2027, 4, 1),
        "contract_end": date(2029, 3, 31),
        "published_at": PUBLISHED,
        "submission_deadline": PUBLISHED + timedelta(days=35),
    }
    return TenderTerms(**{**base, **changes})  # type: ignore[arg-type]


def codes(tender: TenderTerms, models: list[dict[str, object]] | None = None) -> set[str]:
    return {warning.code for warning in domain.tender_warnings(tender, reference(), models or [])}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # 2026-27 services threshold (placeholder) DKK 1,611,000; "near" from 0.80 × 1,611,000 = 1,288,800
        ("1288799", set()),
        ("1288800", {"near_eu_threshold"}),
        ("1610999", {"near_eu_threshold"}),
        ("1611000", {"above_eu_threshold"}),
    ],
)
def test_a_below_threshold_purchase_is_warned_near_and_above_the_eu_threshold(value: str, expected: set[str]) -> None:
    tender = terms(
        procedure=Procedure.PILOT_PURCHASE, estimated_value_dkk=Decimal(value), contract_end=date(2027, 6, 30)
    )
    assert codes(tender) & {"near_eu_threshold", "above_eu_threshold"} == expected


def test_the_threshold_warning_says_the_figure_is_a_placeholder() -> None:
    tender = terms(procedure=Procedure.BELOW_THRESHOLD, estimated_value_dkk=Decimal("2000000"))
    [above] = [w for w in domain.tender_warnings(tender, reference(), []) if w.code == "above_eu_threshold"]
    assert "1611000" in above.message_en
    assert "placeholder" in above.message_en
    assert "foreløbigt" in above.message


def test_an_eu_procedure_above_the_threshold_is_not_warned() -> None:
    assert codes(terms(estimated_value_dkk=Decimal("9000000"))) & {"near_eu_threshold", "above_eu_threshold"} == set()


def test_light_regime_is_compared_with_its_own_threshold() -> None:
    # light regime placeholder DKK 5,595,000: near from 4,476,000
    tender = terms(procedure=Procedure.LIGHT_REGIME, estimated_value_dkk=Decimal("4476000"))
    assert domain.rules.threshold_category(tender) == "light_regime"


@pytest.mark.parametrize(
    ("procedure", "days", "too_short"),
    [
        (Procedure.OPEN, 29, True),  # open: 30 days with electronic submission (Art. 27(3))
        (Procedure.OPEN, 30, False),
        (Procedure.BELOW_THRESHOLD, 9, True),  # no fixed minimum: a warning under 10 days
        (Procedure.BELOW_THRESHOLD, 10, False),
        (Procedure.PILOT_PURCHASE, 5, True),
    ],
)
def test_time_limits(procedure: Procedure, days: int, too_short: bool) -> None:
    tender = terms(
        procedure=procedure, estimated_value_dkk=Decimal(100_000), submission_deadline=PUBLISHED + timedelta(days=days)
    )
    found = codes(tender) & {"submission_time_limit_too_short", "short_time_limit"}
    assert bool(found) is too_short


def test_restricted_procedure_checks_requests_then_tenders() -> None:
    requests_in = PUBLISHED + timedelta(days=30)
    tender = terms(
        procedure=Procedure.RESTRICTED,
        request_deadline=requests_in,
        submission_deadline=requests_in + timedelta(days=24),
    )
    assert "submission_time_limit_too_short" in codes(tender), "25 days for tenders after the requests"
    assert "request_time_limit_too_short" not in codes(tender)
    assert "request_deadline_missing" in codes(terms(procedure=Procedure.RESTRICTED))


def test_the_training_clause_is_required_for_long_services_of_5_million() -> None:
    big = terms(estimated_value_dkk=Decimal("5000000"))
    assert "training_clause_missing" in codes(big)
    assert "training_clause_missing" not in codes(terms(estimated_value_dkk=Decimal("4999999")))
    assert "training_clause_missing" not in codes(terms(estimated_value_dkk=Decimal("6000000"), clauses=(TRAINING,)))
    short = terms(estimated_value_dkk=Decimal("6000000"), contract_end=date(2027, 9, 29))  # 181 days
    assert "training_clause_missing" not in codes(short)
    exempt = terms(estimated_value_dkk=Decimal("6000000"), training_exemption="safety: no trainees on the site")
    assert "training_clause_missing" not in codes(exempt)


def test_relative_price_models_are_named() -> None:
    relative = {"criteria": [{"kind": "price", "method": "proportional"}]}
    absolute = {"criteria": [{"kind": "price", "method": "absolute_anchored"}]}
    assert "relative_price_model" in codes(terms(), [relative])
    assert "relative_price_model" not in codes(terms(), [absolute])


def test_art77_reservation_is_for_three_years_and_listed_services() -> None:
    prefixes = reference().art77_cpv_prefixes
    fine = terms(reservation=Reservation.ART77, cpv_codes=("85311000-2",), contract_end=date(2030, 3, 31))
    assert domain.reservation_problems(fine, prefixes) == []
    too_long = terms(reservation=Reservation.ART77, cpv_codes=("85311000-2",), contract_end=date(2030, 4, 2))
    assert [field for field, _ in domain.reservation_problems(too_long, prefixes)] == ["contract_end"]
    unlisted = terms(reservation=Reservation.ART77, cpv_codes=("77311000-3",))
    assert [field for field, _ in domain.reservation_problems(unlisted, prefixes)] == ["cpv_codes"]


def test_art77_refuses_a_second_award_within_three_years() -> None:
    now = datetime(2027, 6, 1, tzinfo=UTC)
    with pytest.raises(domain.Conflict, match="three years"):
        domain.ensure_no_recent_art77_award("Jobværkstedet ApS", [datetime(2025, 6, 3, tzinfo=UTC)], now)
    domain.ensure_no_recent_art77_award("Jobværkstedet ApS", [datetime(2024, 5, 1, tzinfo=UTC)], now)


@pytest.mark.parametrize(
    ("outcomes", "abnormally_low", "reserved", "why"),
    [
        ({"documentation": "inconsistent"}, False, False, "does not bear out its self-declaration"),
        ({"compliance": "compliant", "eligibility": "not_eligible"}, False, False, "run the evaluation again"),
        ({}, True, False, "abnormally low"),
        ({"abnormally_low": "answer_received"}, True, False, "abnormally low"),
        ({}, False, True, "reserved"),
        ({"eligibility": "eligible", "documentation": "inconsistent"}, False, True, "self-declaration"),
    ],
)
def test_the_winner_is_refused_while_its_assessments_forbid_the_award(
    outcomes: dict[str, str], abnormally_low: bool, reserved: bool, why: str
) -> None:
    with pytest.raises(domain.Conflict, match=why) as refused:
        domain.ensure_may_award("B1", outcomes, abnormally_low=abnormally_low, reserved=reserved)
    assert refused.value.danish, "said in Danish too"


def test_the_winner_is_awarded_once_its_assessments_allow_it() -> None:
    cleared = {"compliance": "compliant", "documentation": "consistent", "abnormally_low": "kept"}
    domain.ensure_may_award("B1", cleared, abnormally_low=True, reserved=False)
    domain.ensure_may_award("B1", {**cleared, "eligibility": "eligible"}, abnormally_low=True, reserved=True)
    domain.ensure_may_award("B1", {}, abnormally_low=False, reserved=False)


def test_the_latest_assessment_of_an_aspect_is_the_one_that_counts() -> None:
    made = [
        ("B1", "documentation", "inconsistent"),
        ("B2", "compliance", "late"),
        ("B1", "documentation", "consistent"),
    ]
    assert domain.latest_outcomes("B1", made) == {"documentation": "consistent"}


def test_an_amendment_less_than_six_days_before_the_deadline_moves_it() -> None:
    deadline = PUBLISHED + timedelta(days=3)
    assert domain.deadline_after_amendment(deadline, PUBLISHED, None) == PUBLISHED + timedelta(days=6)
    assert domain.deadline_after_amendment(deadline, PUBLISHED, "the change is a typo") == deadline
    far = PUBLISHED + timedelta(days=6)
    assert domain.deadline_after_amendment(far, PUBLISHED, None) == far


def test_an_answer_less_than_six_days_before_the_deadline_is_warned() -> None:
    deadline = PUBLISHED + timedelta(days=10)
    assert domain.late_answer_warnings(deadline - timedelta(days=6), deadline) == []
    assert [w.code for w in domain.late_answer_warnings(deadline - timedelta(days=5), deadline)] == ["late_answer"]


def test_proxy_values_are_adjusted_for_deadweight_attribution_and_displacement() -> None:
    document = shipped_proxy_tables()[0]
    row = {**document["rows"][0], "value_dkk": "122000", "deadweight_pct": "20", "attribution_pct": "10"}
    table = proxy_table_from({**document, "rows": [row]})
    # 122,000 × (1 − 0.20) × (1 − 0.10) = 87,840
    assert table.frozen_values() == {"DK_LTU_HIRE": "87840"}


def test_the_shipped_table_names_a_source_for_every_figure_and_marks_placeholders() -> None:
    for document in shipped_proxy_tables():
        for row in document["rows"]:
            assert row["source"].strip()
            assert (row["verification"] == "placeholder") == row["source"].startswith("PLACEHOLDER")
