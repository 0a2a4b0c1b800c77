"""An evaluation model is checked on its own when an officer saves it, with the engine's own rules."""

from copy import deepcopy
from typing import Any

from shared.evaluation.model_check import evaluation_model_problems
from tests.support.samples import GOLDEN_MODEL


def model(**changes: Any) -> dict[str, Any]:
    return {**deepcopy(GOLDEN_MODEL), "currency": "DKK", **changes}


def test_a_sound_model_has_no_problems() -> None:
    assert evaluation_model_problems(model()) == []


def test_every_problem_is_named_with_its_path() -> None:
    criteria = deepcopy(GOLDEN_MODEL["criteria"])
    criteria[0]["weight"] = "0.35"
    criteria[2]["method"] = "magic"
    problems = {str(problem) for problem in evaluation_model_problems(model(criteria=criteria))}
    assert "criteria: weights sum to 0.95, not 1" in problems
    assert any(problem.startswith("criteria[2].method: unknown method magic") for problem in problems)


def test_fields_the_tender_fills_in_must_be_left_out() -> None:
    problems = [str(p) for p in evaluation_model_problems(model(tender_id="T", bids=[]))]
    assert "tender_id: set by the tender when the evaluation is requested; leave it out" in problems
    assert "bids: set by the tender when the evaluation is requested; leave it out" in problems


def test_a_model_must_be_an_object() -> None:
    assert [p.reason for p in evaluation_model_problems(["not", "a", "model"])] == ["expected a JSON object"]
