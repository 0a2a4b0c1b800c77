"""The golden cases, computed independently of the project: every figure the expected files hold must match."""

import json
from pathlib import Path
from typing import Any

import pytest

from services.scoring.domain import evaluate
from shared.evaluation import load_request_json, parse_request

GOLDEN = Path(__file__).parent / "golden"
TEAM_GOLDEN = Path(__file__).parents[3].parent / "shared" / "golden"  # beside the repository
CASES = ["G1", "G2", "G3", "G9"]


def _result_document(case: str) -> dict[str, Any]:
    request = parse_request(load_request_json((GOLDEN / f"{case}.request.json").read_bytes()))
    return evaluate(request).to_document()


def _expected(case: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"{case}.expected.json").read_text(encoding="utf-8"))


@pytest.mark.skipif(not TEAM_GOLDEN.is_dir(), reason="the team's ../shared/golden is not beside this checkout")
def test_the_copies_are_byte_identical_to_the_team_golden_files() -> None:
    team = sorted(path.name for path in TEAM_GOLDEN.iterdir())
    assert sorted(path.name for path in GOLDEN.iterdir()) == team
    for name in team:
        assert (GOLDEN / name).read_bytes() == (TEAM_GOLDEN / name).read_bytes(), name


@pytest.mark.parametrize("case", CASES)
def test_every_field_of_the_expected_result(case: str) -> None:
    expected, actual = _expected(case), _result_document(case)
    # Field by field first, so a failure names what differs; then the whole, so nothing is left unchecked.
    for field in expected:
        assert actual[field] == expected[field], field
    assert {field: actual[field] for field in expected} == expected


@pytest.mark.parametrize("case", CASES)
def test_bid_order_and_ranks(case: str) -> None:
    expected, actual = _expected(case), _result_document(case)
    assert [(entry["rank"], entry["bid_id"]) for entry in actual["ranking"]] == [
        (entry["rank"], entry["bid_id"]) for entry in expected["ranking"]
    ]


@pytest.mark.parametrize("case", CASES)
def test_the_input_hash_is_of_the_document_as_received(case: str) -> None:
    assert _result_document(case)["input_sha256"] == _expected(case)["input_sha256"]


def test_g9_excludes_the_noncompliant_bid_and_leaves_g1_ranking_unchanged() -> None:
    g1, g9 = _result_document("G1"), _result_document("G9")
    assert g9["excluded"] == [{"bid_id": "D", "reason": "status noncompliant"}]
    assert g9["ranking"] == g1["ranking"]


@pytest.mark.parametrize(
    ("case", "warnings"),
    [
        ("G1", ["relative_model"]),
        ("G2", ["relative_model"]),
        ("G3", ["relative_model", "price_compression"]),  # price points 8.6957–10: under a fifth of the scale
        ("G9", ["relative_model"]),
    ],
)
def test_warnings(case: str, warnings: list[str]) -> None:
    assert [warning["code"] for warning in _result_document(case)["warnings"]] == warnings


def test_the_relative_model_warning_names_the_relative_criteria() -> None:
    (warning,) = _result_document("G1")["warnings"]
    assert "price (linear_relative)" in warning["message"]
    assert "social (monetised_relative)" in warning["message"]
    assert "quality" not in warning["message"]
