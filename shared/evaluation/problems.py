"""What is wrong with a request: each problem at its JSON path, with a reason a person can act on."""

import re

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

ROOT = "$"
"""The path of the document itself."""

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class Problem(BaseModel):
    """One thing wrong with a request, e.g. `bids[1].bidder.cvr: 12345678 fails the modulus-11 check`."""

    model_config = ConfigDict(frozen=True)

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class InvalidRequest(ValueError):
    """A request that cannot be evaluated, with every problem found in it (not just the first)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def path(*steps: str | int) -> str:
    """A JSON path such as `bids[1].bidder.cvr`; a key that is no plain name is quoted: `points["a b"]`."""
    written = ""
    for step in steps:
        if isinstance(step, int):
            written += f"[{step}]"
        elif _PLAIN_KEY.fullmatch(step):
            written += f".{step}" if written else step
        else:
            written += f'["{step}"]'
    return written or ROOT


def problems_from(error: ValidationError, *at: str | int) -> list[Problem]:
    """pydantic's errors as problems, under the path `at` where the validated part sits."""
    found = []
    for detail in error.errors():
        steps = (*at, *detail["loc"])
        found.append(Problem(path=path(*steps), reason=_reason(detail, steps[-1] if steps else "value")))
    return found


def _reason(detail: ErrorDetails, name: str | int) -> str:
    """pydantic's wording, reworded where it would puzzle someone who writes the JSON rather than the code."""
    kind, given = detail["type"], shown(detail["input"])
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "literal_error":
        return f"unknown {name} {given} (expected {detail.get('ctx', {}).get('expected')})"
    if kind == "string_too_short":
        return "must not be empty"
    expected = _EXPECTED.get(kind)
    return f"expected {expected}, got {given}" if expected else detail["msg"]


_EXPECTED = {
    "string_type": "a string",
    "bool_type": "true or false",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "list_type": "a list",
    "tuple_type": "a list",
}


def shown(value: object) -> str:
    """A JSON value as the person wrote it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    return str(value)
