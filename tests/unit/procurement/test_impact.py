"""The impact measures as pure functions: periods, promised against delivered in DKK with and without the SROI
adjustments, behind schedule, the three tracks and the groups; every figure worked out by hand."""

from datetime import date
from decimal import Decimal

from services.procurement.domain import impact
from services.procurement.domain.impact import ContractFacts, Target

PERIODS = tuple(impact.reporting_periods(date(2027, 1, 1), date(2027, 12, 31), "quarterly"))


def facts(**changes: object) -> ContractFacts:
    """A year's contract of 1,000,000 DKK: 2 LTU hires (87,840 adjusted / 122,000 gross each) and 1 flexjob
    (21,000 / 42,000), 1 LTU hire delivered and verified so far."""
    base: dict[str, object] = {
        "contract_id": "C1",
        "tender_id": "T1",
        "supplier": "Jobværkstedet ApS",
        "supplier_type": {"rsv": True, "sheltered_workshop": False, "sme_size": "small", "first_time": True},
        "procedure": "open",
        "signed_on": date(2026, 12, 20),
        "value_dkk": Decimal(1_000_000),
        "targets": (
            Target("DK_LTU_HIRE", Decimal(2), Decimal(87840), Decimal(122000)),
            Target("DK_FLEXJOB", Decimal(1), Decimal(21000), Decimal(42000)),
        ),
        "delivered": {"DK_LTU_HIRE": Decimal(1)},
        "periods": PERIODS,
    }
    return ContractFacts(**{**base, **changes})  # type: ignore[arg-type]


def test_a_year_in_quarters_with_each_report_due_thirty_days_after() -> None:
    assert [(p.start, p.end) for p in PERIODS] == [
        (date(2027, 1, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), date(2027, 6, 30)),
        (date(2027, 7, 1), date(2027, 9, 30)),
        (date(2027, 10, 1), date(2027, 12, 31)),
    ]
    assert PERIODS[0].due_on == date(2027, 4, 30)


def test_promised_and_delivered_are_valued_with_and_without_the_adjustments() -> None:
    measures = impact.contract_measures(facts(), date(2027, 5, 1))
    assert measures["promised_dkk"] == 2 * 87840 + 21000 == 196680
    assert measures["delivered_dkk"] == 87840
    assert measures["promised_dkk_gross"] == 2 * 122000 + 42000
    assert measures["delivered_dkk_gross"] == 122000
    assert measures["delivered"] == {"DK_LTU_HIRE": 1, "DK_FLEXJOB": 0}, "every promise has its delivered figure"
    assert measures["delivery_rate"] == Decimal(87840) / Decimal(196680)


def test_behind_schedule_is_less_delivered_than_the_ended_periods_promised() -> None:
    # One quarter of four ended: a quarter of 196,680 = 49,170 was due; 87,840 delivered is ahead.
    assert not impact.contract_measures(facts(), date(2027, 5, 1))["behind_schedule"]
    # Three quarters ended: 147,510 due; 87,840 is behind.
    assert impact.contract_measures(facts(), date(2027, 10, 2))["behind_schedule"]
    assert not impact.contract_measures(facts(), date(2027, 3, 31))["behind_schedule"], "no period ended yet"


def test_the_tracks_count_people_enterprises_and_society() -> None:
    subcontracted = facts(social_economy_subcontractor=True, social_economy_share_pct=Decimal("12.5"))
    other = facts(contract_id="C2", supplier_type={"rsv": False}, delivered={"DK_FLEXJOB": Decimal("0.5")})
    tracks = impact.tracks([impact.contract_measures(f, date(2027, 5, 1)) for f in (subcontracted, other)])
    assert tracks["people"] == {"hires_from_the_edge_of_the_labour_market": 1, "flexjobs": Decimal("0.5")}
    assert tracks["enterprises"] == {
        "contracts_won_by_social_economy": 1,
        "dkk_won_by_social_economy": Decimal(1_000_000),
        "contracts_with_social_economy_subcontractor": 1,
        "dkk_to_social_economy_subcontractors": Decimal(125_000),  # 12.5 % of 1,000,000
    }
    assert tracks["society"]["social_value_dkk"] == 87840 + Decimal("0.5") * 21000


def test_groups_sum_quantities_and_dkk_and_a_contract_may_be_in_several() -> None:
    sme = impact.contract_measures(facts(), date(2027, 5, 1))
    larger = impact.contract_measures(
        facts(contract_id="C2", supplier_type={"rsv": False, "sme_size": "large"}), date(2027, 5, 1)
    )
    groups = impact.group([sme, larger], "supplier_type")
    assert set(groups) == {"social_economy", "sme", "first_time_supplier", "not_social_economy"}
    assert groups["social_economy"]["promised"] == {"DK_LTU_HIRE": 2, "DK_FLEXJOB": 1}
    assert groups["social_economy"]["delivered"] == {"DK_LTU_HIRE": 1, "DK_FLEXJOB": 0}
    by_procedure = impact.group([sme, larger], "procedure")["ordinary_tender"]
    assert (by_procedure["contracts"], by_procedure["promised_dkk"]) == (2, 2 * 196680)
    assert by_procedure["promised"] == {"DK_LTU_HIRE": 4, "DK_FLEXJOB": 2}
    assert by_procedure["delivery_rate"] == Decimal(87840) / Decimal(196680)


def test_a_supplier_is_reminded_of_a_period_once_due_and_once_late_unless_a_report_stands() -> None:
    q1, q2 = PERIODS[0], PERIODS[1]
    owed = impact.untold_reminders("C1", PERIODS, date(2027, 5, 1), reported=set(), told=set())
    assert owed == [(q1, "due"), (q1, "late")], "Q1 ended 31 March; its report was due 30 April"
    told = {("C1", 0, "due")}
    assert impact.untold_reminders("C1", PERIODS, date(2027, 5, 1), set(), told) == [(q1, "late")]
    assert impact.untold_reminders("C1", PERIODS, date(2027, 7, 2), {("C1", 0)}, told) == [(q2, "due")]
    assert impact.untold_reminders("C2", PERIODS, date(2027, 4, 1), {("C1", 0)}, told) == [(q1, "due")]
