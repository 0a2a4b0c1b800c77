"""From a request document to an `EvaluationRequest`, or to every problem that stops it from becoming one."""

import re
from typing import Any

from shared.evaluation.checks_bids import bid_problems
from shared.evaluation.checks_criteria import criteria_problems
from shared.evaluation.checks_model import model_problems
from shared.evaluation.collector import collector_paused
from shared.evaluation.documents import checked_request_sha256
from shared.evaluation.problems import ROOT, InvalidRequest, Problem
from shared.evaluation.reading import DOCUMENT_FIELDS, read_parts
from shared.evaluation.request import EvaluationRequest


def parse_request(doc: object) -> EvaluationRequest:
    """The request `doc` holds, or `InvalidRequest` listing all its problems in document order.

    `doc` is a document as `load_request_json` returns it (numbers as `int` or `Decimal`, never `float`).
    """
    if not isinstance(doc, dict):
        raise InvalidRequest([Problem(path=ROOT, reason="expected a JSON object")])
    with collector_paused():  # the models of a large lot are a million objects, and no cycle among them
        problems: list[Problem] = []
        parts = read_parts(doc, problems)
        problems.extend(model_problems(parts))
        problems.extend(criteria_problems(parts))
        problems.extend(bid_problems(parts))
        if problems:
            raise InvalidRequest(sorted(problems, key=_document_order))
        # Everything was read and checked above, so building the request needs no second validation.
        return EvaluationRequest.model_construct(
            **parts.header,
            criteria=tuple(criterion for _, criterion in parts.criteria),
            bids=tuple(bid for _, bid in parts.bids),
            input_sha256=checked_request_sha256(doc),
        )


def _document_order(problem: Problem) -> tuple[Any, ...]:
    """Top-level fields in the contract's order, list items by position, so people can work down the list."""
    steps = re.findall(r"\[(\d+)\]|([^.\[\]]+)", problem.path)
    first = steps[0][1] if steps else ""
    rank = DOCUMENT_FIELDS.index(first) if first in DOCUMENT_FIELDS else len(DOCUMENT_FIELDS)
    # (0, n) for positions and (1, name) for keys never compare a number with a string.
    return (rank, *((0, int(number)) if number else (1, name) for number, name in steps[1:]))
