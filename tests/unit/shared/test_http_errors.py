from typing import Any

import pytest

from shared.http_errors import danish_reason, preferred_language, problems_body


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("da-DK,da;q=0.9,en;q=0.8", "da"),
        ("en-GB,en;q=0.9,da;q=0.8", "en"),
        ("de-DE,da;q=0.7,en;q=0.9", "en"),  # ranked by weight, not by place
        ("de-DE,da;q=0.9,en;q=0.7", "da"),
        ("fr", "en"),
        ("", "en"),
        ("da;q=nonsense,en", "en"),
    ],
)
def test_the_language_is_the_first_of_danish_and_english_the_caller_ranks(header: str, language: str) -> None:
    assert preferred_language(header) == language


@pytest.mark.parametrize(
    ("error", "danish"),
    [
        ({"type": "missing"}, "skal udfyldes"),
        ({"type": "string_too_short", "ctx": {"min_length": 1}}, "skal udfyldes"),
        ({"type": "string_too_short", "ctx": {"min_length": 8}}, "skal have mindst 8 tegn"),
        ({"type": "greater_than", "ctx": {"gt": 0}}, "skal være større end 0"),
        ({"type": "literal_error", "ctx": {"expected": "'da' or 'en'"}}, "skal være en af: 'da' or 'en'"),
        ({"type": "value_error", "ctx": {"error": "x"}}, None),  # a validator's own words stay English
    ],
)
def test_common_validation_errors_have_danish_reasons(error: dict[str, Any], danish: str | None) -> None:
    assert danish_reason(error) == danish


def test_a_problem_without_danish_has_its_english_reason_only() -> None:
    body = problems_body([("body.a", "is missing"), ("body.b", "is odd")], ["mangler", None])
    assert body["problems"][0]["reasons"] == {"da": "mangler", "en": "is missing"}
    assert "reasons" not in body["problems"][1]
    assert body["problems"][1]["message"] == "body.b: is odd"
