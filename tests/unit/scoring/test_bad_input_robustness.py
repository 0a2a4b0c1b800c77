"""Whatever a document holds, reading and evaluating it ends in a result or in `InvalidRequest`, never a crash:
the Kafka handler must answer every request and move on."""

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain import evaluate
from shared.evaluation import EvaluationRequest, InvalidRequest, load_request_json, parse_request

G1 = load_request_json((Path(__file__).parent / "golden" / "G1.request.json").read_bytes())

_NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.sampled_from(["0", "-1", "1e30", "1e-30", "0.0000", "10", "11", "2400000", "0.5", "NaN", "1_000", " 7"]),
)
_JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.text(max_size=12), _NUMBERS),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def _places(document: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in the document, so that any value can be replaced."""
    places: list[tuple[Any, Any]] = []
    items = document.items() if isinstance(document, dict) else enumerate(document)
    for key, value in items:
        places.append((document, key))
        if isinstance(value, dict | list):
            places.extend(_places(value))
    return places


def _read(document: Any) -> EvaluationRequest | InvalidRequest:
    try:
        return parse_request(document)
    except InvalidRequest as invalid:
        return invalid


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_edit_of_a_valid_document_is_evaluated_or_refused_with_problems(data: st.DataObject) -> None:
    document = copy.deepcopy(G1)
    for _ in range(data.draw(st.integers(1, 3))):
        container, key = data.draw(st.sampled_from(_places(document)))
        container[key] = data.draw(_JSON_VALUES)
    outcome = _read(document)
    if isinstance(outcome, InvalidRequest):
        assert outcome.problems
        assert all(problem.path and problem.reason for problem in outcome.problems)
    else:
        json.dumps(evaluate(outcome, sensitivity=True).to_document())


@given(st.text(max_size=40) | st.binary(max_size=40))
def test_any_text_is_read_or_refused_with_one_problem(text: str | bytes) -> None:
    try:
        document = load_request_json(text)
    except InvalidRequest as invalid:
        refused = invalid
    else:
        _read(document)  # whatever it holds: read, or refused with problems
        return
    assert [problem.path for problem in refused.problems] == ["$"]


def test_a_number_with_an_enormous_exponent_is_a_problem_not_a_crash() -> None:
    document = copy.deepcopy(G1)
    document["bids"][0]["price"] = "1e99999999999999999999"
    document["bids"][1]["price"] = Decimal("1e-999999")
    with pytest.raises(InvalidRequest) as raised:
        parse_request(document)
    assert [str(problem) for problem in raised.value.problems] == [
        "bids[0].price: 1e99999999999999999999 is too large",
        "bids[1].price: 1E-999999 is too small (below 1e-20)",
    ]
