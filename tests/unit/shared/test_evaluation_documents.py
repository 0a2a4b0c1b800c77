"""Request documents as text: exact numbers, bad JSON as a problem, and the canonical input hash."""

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest

from shared.evaluation import InvalidRequest, canonical_sha256, load_request_json, parse_request

GOLDEN = Path(__file__).parents[1] / "scoring" / "golden"


def test_numbers_are_read_as_int_and_decimal_never_float() -> None:
    document = load_request_json('{"a": 0.1, "b": 2400000, "c": 1e2, "d": "0.40"}')
    assert document == {"a": Decimal("0.1"), "b": 2400000, "c": Decimal("1E+2"), "d": "0.40"}
    assert not any(isinstance(value, float) for value in document.values())  # type: ignore[union-attr]


def test_bytes_are_read_as_utf8() -> None:
    assert load_request_json('{"name": "Grøn Service"}'.encode()) == {"name": "Grøn Service"}


@pytest.mark.parametrize(
    "text", ["{ not json", "", '{"a": NaN}', '{"a": Infinity}', b"\xff\xfe", '{"a": 1e99999999999999999999}']
)
def test_text_that_is_not_json_is_one_problem_at_the_root(text: str | bytes) -> None:
    with pytest.raises(InvalidRequest) as raised:
        load_request_json(text)
    (problem,) = raised.value.problems
    assert problem.path == "$"
    assert problem.reason.startswith("not valid JSON")


def test_the_hash_is_sha256_of_the_canonical_serialisation() -> None:
    document = {"b": "ø", "a": [1, {"d": None, "c": True}]}
    canonical = '{"a":[1,{"c":true,"d":null}],"b":"ø"}'.encode()
    assert canonical_sha256(document) == hashlib.sha256(canonical).hexdigest()


def test_the_golden_hashes() -> None:
    for case in ("G1", "G2", "G3", "G9"):
        document = load_request_json((GOLDEN / f"{case}.request.json").read_bytes())
        expected = json.loads((GOLDEN / f"{case}.expected.json").read_text(encoding="utf-8"))["input_sha256"]
        assert canonical_sha256(document) == expected
        assert parse_request(document).input_sha256 == expected


def test_defaults_are_not_filled_in_before_hashing() -> None:
    document = load_request_json((GOLDEN / "G1.request.json").read_bytes())
    assert isinstance(document, dict)
    without_total = {key: value for key, value in document.items() if key != "total"}  # the default anyway
    assert parse_request(without_total).total == parse_request(document).total
    assert parse_request(without_total).input_sha256 != parse_request(document).input_sha256


def test_json_numbers_hash_as_plain_json_loads_and_dumps_write_them() -> None:
    text = '{"weight": 0.40, "big": 1e2, "price": 2400000, "tiny": 1.10}'
    plain = json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert plain == '{"big":100.0,"price":2400000,"tiny":1.1,"weight":0.4}'
    assert canonical_sha256(load_request_json(text)) == hashlib.sha256(plain.encode()).hexdigest()
    assert canonical_sha256(json.loads(text)) == canonical_sha256(load_request_json(text))
