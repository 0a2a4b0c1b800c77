"""One shape for bad input across every API: 422 with `{"problems": [{path, reason, message}]}`, every problem at
once, whether FastAPI's request validation found it or a service's own checks."""

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


class InvalidInput(Exception):
    """Raised by an endpoint with every problem it found, each as (field path, reason)."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{path}: {reason}" for path, reason in problems))
        self.problems = list(problems)


def problems_body(problems: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {"problems": [{"path": p, "reason": r, "message": f"{p}: {r}"} for p, r in problems]}


async def invalid_input_response(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InvalidInput)
    return JSONResponse(problems_body(error.problems), status_code=422)


async def request_validation_response(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [(json_path(item["loc"]), _reason(item)) for item in error.errors()]
    return JSONResponse(problems_body(problems), status_code=422)


def json_path(location: Sequence[Any]) -> str:
    """("body", "lots", 0, "title") → "body.lots[0].title"."""
    path = ""
    for step in location:
        path += f"[{step}]" if isinstance(step, int) else (f".{step}" if path else str(step))
    return path


def _reason(item: dict[str, Any]) -> str:
    message = str(item.get("msg", "is not valid"))
    return message.removeprefix("Value error, ")
