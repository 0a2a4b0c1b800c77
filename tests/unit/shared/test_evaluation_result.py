"""The result document: rounding only when written, the contract's order of fields, and reading it back."""

from decimal import Decimal

import pytest

from shared.evaluation import (
    CriterionScore,
    EvaluationResult,
    ExcludedBid,
    RankedBid,
    ResultWarning,
    Sensitivity,
    WeightChange,
    WeightSensitivity,
    figure,
    figure_for_people,
)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("7", "7.0000"),
        ("7.32715", "7.3272"),  # half-up
        ("7.32714999", "7.3271"),
        ("0.00005", "0.0001"),
        ("-0.00005", "-0.0001"),  # away from zero
        ("-0.00004", "0.0000"),  # never -0.0000
        ("-0", "0.0000"),
        ("448000", "448000.0000"),
        ("123456789012345678901.123456789", "123456789012345678901.1235"),
        ("1E+2", "100.0000"),
    ],
)
def test_figures_are_rounded_half_up_to_four_decimals(value: str, written: str) -> None:
    assert figure(Decimal(value)) == written


def test_figures_for_people_have_two_decimals() -> None:
    assert figure_for_people(Decimal("8.695652")) == "8.70"
    assert figure_for_people(Decimal("-0.004")) == "0.00"


def _result(**fields: object) -> EvaluationResult:
    ranked = RankedBid(
        rank=1,
        bid_id="B",
        total=Decimal("7.74999"),
        points={"price": Decimal("7"), "quality": Decimal("6.99999")},
        weighted={"price": Decimal("2.8"), "quality": Decimal("4.94999")},
        social_value=Decimal("448000"),
        flags=("abnormally_low",),
    )
    base: dict[str, object] = {
        "tender_id": "T",
        "lot_id": "1",
        "method": "weighted_sum",
        "better": "higher",
        "ranking": (ranked,),
        "excluded": (ExcludedBid("D", "status late"),),
        "warnings": (ResultWarning("relative_model", "…"),),
        "input_sha256": "ab" * 32,
        "engine_version": "1.0.0",
    }
    return EvaluationResult(**{**base, **fields})  # type: ignore[arg-type]


def test_the_document_has_the_contracts_fields_in_order() -> None:
    document = _result().to_document()
    assert list(document) == [
        "format",
        "tender_id",
        "lot_id",
        "method",
        "better",
        "ranking",
        "excluded",
        "warnings",
        "input_sha256",
        "engine_version",
    ]
    assert document["format"] == "evaluation-result/1"
    assert document["ranking"] == [
        {
            "rank": 1,
            "bid_id": "B",
            "total": "7.7500",
            "criteria": {
                "price": {"points": "7.0000", "weighted": "2.8000"},
                "quality": {"points": "7.0000", "weighted": "4.9500"},
            },
            "social_value": "448000.0000",
            "flags": ["abnormally_low"],
        }
    ]
    assert document["excluded"] == [{"bid_id": "D", "reason": "status late"}]
    assert document["warnings"] == [{"code": "relative_model", "message": "…"}]


def test_weighted_is_null_without_weights() -> None:
    (ranked,) = _result().ranking
    document = _result(ranking=(ranked._replace(weighted=None),), method="monetised", better="lower").to_document()
    assert document["ranking"][0]["criteria"]["price"] == {"points": "7.0000", "weighted": None}


def test_sensitivity_is_written_only_when_present() -> None:
    sensitivity = Sensitivity(
        winner="B",
        weights={"price": WeightSensitivity(WeightChange(Decimal("0.532"), Decimal("0.132"), "C"), None)},
        decisive_bids=None,
    )
    document = _result(sensitivity=sensitivity).to_document()
    assert document["sensitivity"] == {
        "winner": "B",
        "weights": {"price": {"increase": {"weight": "0.5320", "change": "0.1320", "bid_id": "C"}, "decrease": None}},
        "decisive_bids": None,
    }
    assert "sensitivity" not in _result().to_document()


def test_model_dump_writes_the_document_too() -> None:
    assert _result().model_dump() == _result().to_document()


def test_a_result_document_reads_back_with_its_written_figures() -> None:
    read = EvaluationResult.model_validate(_result().to_document())
    (ranked,) = read.ranking
    assert ranked.total == Decimal("7.7500")
    assert ranked.criteria["quality"] == CriterionScore(Decimal("7.0000"), Decimal("4.9500"))
    assert read.to_document() == _result().to_document()
