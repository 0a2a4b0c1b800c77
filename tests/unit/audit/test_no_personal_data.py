"""The log holds every event as it arrived, so events must not carry personal data of the people hired under social
clauses: a social commitment or outcome names a proxy code and a quantity, never a person. This holds every
event's schema to that, field name by field name."""

import re
from typing import Any

import pytest

from shared import events

# Words that would name a person hired under a social clause, or identify one.
PERSONAL = re.compile(r"cpr|person|employee|hire_name|hired_name|birth|social_security|national_id|ssn", re.I)
# Fields that name the suite's own actors (officers, bidders' contacts, enterprises), not people hired.
ALLOWED = {"contact_person"}


def field_names(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        names = set(schema.get("properties", {}))
        return names | {name for value in schema.values() for name in field_names(value)}
    if isinstance(schema, list):
        return {name for value in schema for name in field_names(value)}
    return set()


@pytest.mark.parametrize("event_type", events.ALL, ids=lambda event: event.topic)
def test_no_event_has_a_field_for_personal_data_of_people_hired(event_type: type[events.Event]) -> None:
    names = field_names(event_type.model_json_schema())
    assert {name for name in names if PERSONAL.search(name)} - ALLOWED == set()
