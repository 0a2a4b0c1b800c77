"""The committed JSON Schemas of the events: the published contract that CI compares the code against."""

import json
from pathlib import Path
from typing import Any

from shared.events import ALL
from shared.events.base import Event
from shared.events.compatibility import breaking_changes

SCHEMA_DIR = Path(__file__).parent / "schemas"


def schema_of(event: type[Event]) -> dict[str, Any]:
    return event.model_json_schema(mode="serialization")


def schema_file(event: type[Event]) -> Path:
    return SCHEMA_DIR / f"{event.topic}.json"


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def compare_with_committed() -> dict[str, list[str]]:
    """Per topic, the breaking changes against its committed schema (a topic with no file has none yet)."""
    report: dict[str, list[str]] = {}
    for event in ALL:
        path = schema_file(event)
        if path.exists():
            report[event.topic] = breaking_changes(json.loads(path.read_text()), schema_of(event))
    return report


def write_schemas() -> list[Path]:
    """Write every event's current schema; refuses (ValueError) while any change is breaking."""
    breaking = {topic: problems for topic, problems in compare_with_committed().items() if problems}
    if breaking:
        raise ValueError(f"breaking changes need a new topic version, not a new schema: {breaking}")
    SCHEMA_DIR.mkdir(exist_ok=True)
    written = []
    for event in ALL:
        path = schema_file(event)
        text = render(schema_of(event))
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            written.append(path)
    return written
