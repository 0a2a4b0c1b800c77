"""Request documents as text: reading JSON without losing a digit, and the canonical hash of a request."""

import hashlib
import json
from decimal import Decimal
from typing import Any

from shared.evaluation.collector import collector_paused
from shared.evaluation.problems import ROOT, InvalidRequest, Problem


def load_request_json(text: str | bytes) -> object:
    """A request document from JSON text (a file, an HTTP body, a Kafka payload), ready for `parse_request`.

    Integers come back as `int` and other numbers as `Decimal`, so no figure passes through a binary float.
    Text that is not JSON raises `InvalidRequest`, like any other bad input.
    """
    try:
        with collector_paused():  # a large document is a million dicts and lists, and no cycle among them
            return json.loads(text, parse_float=_exact_number, parse_constant=_refuse_constant)
    except ValueError as error:  # UnicodeDecodeError and json's JSONDecodeError among them
        raise InvalidRequest([Problem(path=ROOT, reason=f"not valid JSON: {error}")]) from error


def _exact_number(text: str) -> Decimal:
    try:
        return Decimal(text)
    except ArithmeticError:  # an exponent too large for any decimal
        raise ValueError(f"the number {text} is too large") from None


def _refuse_constant(name: str) -> object:
    # Python's json reads NaN and Infinity, which JSON itself does not allow and no figure can be.
    raise ValueError(f"{name} is not a JSON number")


def canonical_sha256(doc: object) -> str:
    """The request's `input_sha256`: SHA-256 of the document as received, re-serialised canonically.

    Keys sorted, `,` and `:` without spaces, non-ASCII written as UTF-8, defaults not filled in. Numbers are
    written as plain `json.loads` followed by `json.dumps` would write them, so the hash is the same whether
    the document was read with `load_request_json` (exact decimals) or with plain `json.loads`.
    """
    return _canonical_sha256(doc, check_circular=True)


def checked_request_sha256(doc: dict[str, Any]) -> str:
    """`canonical_sha256` of a request document that `parse_request` has checked: the same hash, sooner.

    To refuse a cycle, json's encoder notes every list and dict it enters, a third of its time on a large lot.
    A checked document cannot hold one: each of its parts was read against a model, and no model nests itself.
    """
    return _canonical_sha256(doc, check_circular=False)


def _canonical_sha256(doc: object, *, check_circular: bool) -> str:
    canonical = json.dumps(
        doc,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        check_circular=check_circular,
        default=_as_float,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _as_float(value: object) -> float:
    # Only for hashing: the contract hashes numbers as plain json.loads would hold them, which is as floats.
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not a JSON value")
