"""One shape for bad input across every API: 422 with `{"problems": [{path, reason, message}]}`, every problem at
once, whether FastAPI's request validation found it or a service's own checks. And one shape for a refusal a
person reads: `{"detail", "messages": {"da", "en"}}`, `detail` in the language the caller asked for."""

from collections.abc import Sequence
from itertools import zip_longest
from typing import Any, Literal

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


class InvalidInput(Exception):
    """Raised by an endpoint with every problem it found, each as (field path, reason) or, where the reason is
    written in Danish too, (field path, reason, Danish reason)."""

    def __init__(self, problems: Sequence[tuple[str, str] | tuple[str, str, str]]) -> None:
        self.problems = [(problem[0], problem[1]) for problem in problems]
        self.danish = [problem[2] if len(problem) == 3 else None for problem in problems]
        super().__init__("; ".join(f"{path}: {reason}" for path, reason in self.problems))


def preferred_language(accept_language: str) -> Literal["da", "en"]:
    """Danish or English, whichever the Accept-Language header ranks first; English when it names neither, since
    a caller without a preference is a program more often than a person."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, quality = item.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        ranked.append((-weight, position, tag.split("-")[0].strip().lower()))
    first = next((tag for _, _, tag in sorted(ranked) if tag in ("da", "en")), "en")
    return "da" if first == "da" else "en"


def refusal_body(request: Request, english: str, danish: str) -> dict[str, Any]:
    language = preferred_language(request.headers.get("accept-language", ""))
    return {"detail": danish if language == "da" else english, "messages": {"da": danish, "en": english}}


def problems_body(problems: Sequence[tuple[str, str]], danish: Sequence[str | None] = ()) -> dict[str, Any]:
    """Each problem with its reason in English and, where `danish` has it (by position), in Danish too."""
    body = []
    for (path, reason), in_danish in zip_longest(problems, danish[: len(problems)]):
        problem = {"path": path, "reason": reason, "message": f"{path}: {reason}"}
        body.append(problem | ({"reasons": {"da": in_danish, "en": reason}} if in_danish else {}))
    return {"problems": body}


async def invalid_input_response(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InvalidInput)
    return JSONResponse(problems_body(error.problems, error.danish), status_code=422)


async def request_validation_response(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    found = error.errors()
    problems = [(json_path(item["loc"]), _reason(item)) for item in found]
    return JSONResponse(problems_body(problems, [danish_reason(item) for item in found]), status_code=422)


def json_path(location: Sequence[Any]) -> str:
    """("body", "lots", 0, "title") → "body.lots[0].title"."""
    path = ""
    for step in location:
        path += f"[{step}]" if isinstance(step, int) else (f".{step}" if path else str(step))
    return path


# pydantic's common complaints as a Danish reader is told them, by error type; a validator's own words
# ("value_error") have no Danish here and are shown in English.
_DANISH_REASONS = {
    "missing": "skal udfyldes",
    "string_too_short": "skal have mindst {min_length} tegn",
    "string_too_long": "må højst have {max_length} tegn",
    "string_pattern_mismatch": "har ikke den forventede form",
    "string_type": "skal være tekst",
    "decimal_parsing": "skal være et tal",
    "decimal_type": "skal være et tal",
    "float_parsing": "skal være et tal",
    "int_parsing": "skal være et helt tal",
    "decimal_max_places": "må højst have {decimal_places} decimaler",
    "greater_than": "skal være større end {gt}",
    "greater_than_equal": "skal være mindst {ge}",
    "less_than": "skal være mindre end {lt}",
    "less_than_equal": "må højst være {le}",
    "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "datetime_parsing": "skal være et tidspunkt (ÅÅÅÅ-MM-DDTtt:mm med tidszone)",
    "datetime_from_date_parsing": "skal være et tidspunkt (ÅÅÅÅ-MM-DDTtt:mm med tidszone)",
    "datetime_type": "skal være et tidspunkt (ÅÅÅÅ-MM-DDTtt:mm med tidszone)",
    "timezone_aware": "skal have en tidszone",
    "bool_parsing": "skal være ja eller nej",
    "literal_error": "skal være en af: {expected}",
    "enum": "skal være en af: {expected}",
    "too_short": "skal have mindst {min_length}",
    "too_long": "må højst have {max_length}",
    "extra_forbidden": "kendes ikke",
    "json_invalid": "er ikke gyldig JSON",
}


def danish_reason(item: dict[str, Any]) -> str | None:
    """A validation error's reason in Danish, or None where there is no Danish for its type."""
    template = _DANISH_REASONS.get(str(item.get("type")))
    if template is None:
        return None
    if item.get("type") == "string_too_short" and (item.get("ctx") or {}).get("min_length") == 1:
        return _DANISH_REASONS["missing"]
    try:
        return template.format(**{key: str(value) for key, value in (item.get("ctx") or {}).items()})
    except (KeyError, IndexError):
        return None


def _reason(item: dict[str, Any]) -> str:
    message = str(item.get("msg", "is not valid"))
    return message.removeprefix("Value error, ")
