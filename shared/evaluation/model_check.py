"""Checking an evaluation model on its own (a request without tender, lot and bids), when an officer saves it.

The same checks as a full request, so a model that passes here is one the scoring engine accepts.
"""

from typing import Any

from shared.evaluation.checks_criteria import criteria_problems
from shared.evaluation.checks_model import model_problems
from shared.evaluation.problems import ROOT, Problem
from shared.evaluation.reading import read_parts

# Filled in from the tender when an evaluation is requested, so a model must leave them out.
SET_BY_THE_TENDER = ("tender_id", "lot_id", "bids")


def evaluation_model_problems(model: object) -> list[Problem]:
    """Every problem of an evaluation model, each with its JSON path and a reason; empty when it is sound."""
    if not isinstance(model, dict):
        return [Problem(path=ROOT, reason="expected a JSON object")]
    problems = [
        Problem(path=field, reason="set by the tender when the evaluation is requested; leave it out")
        for field in SET_BY_THE_TENDER
        if field in model
    ]
    document: dict[str, Any] = {**model, "tender_id": "model", "lot_id": "model", "bids": []}
    found: list[Problem] = []
    parts = read_parts(document, found)
    found += [*model_problems(parts), *criteria_problems(parts)]
    return problems + [problem for problem in found if problem.path.split(".")[0] not in SET_BY_THE_TENDER]
