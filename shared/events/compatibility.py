"""Whether an event's current JSON Schema can still read everything its committed (published) schema allowed.

Breaking, for the consumers of a published topic: a property removed, a property newly required, a type, format,
reference or allowed value changed. Adding an optional property is not breaking and stays on the same topic.
"""

from typing import Any

Schema = dict[str, Any]
_COMPARED_KEYWORDS = ("type", "format", "const", "pattern")


def breaking_changes(published: Schema, current: Schema) -> list[str]:
    """Every breaking difference, each as `path: what changed`; empty when `current` is compatible."""
    return _compare(published, current, published.get("$defs", {}), current.get("$defs", {}), "$")


def _compare(old: Schema, new: Schema, old_defs: Schema, new_defs: Schema, path: str) -> list[str]:
    old, new = _resolve(old, old_defs), _resolve(new, new_defs)
    problems = [
        f"{path}: {keyword} changed from {old.get(keyword)!r} to {new.get(keyword)!r}"
        for keyword in _COMPARED_KEYWORDS
        if old.get(keyword) != new.get(keyword)
    ]
    if "enum" in old and not set(old["enum"]) <= set(new.get("enum") or old["enum"]):
        problems.append(f"{path}: allowed values narrowed from {old['enum']} to {new.get('enum')}")
    newly_required = set(new.get("required", [])) - set(old.get("required", []))
    problems += [f"{path}.{name}: newly required" for name in sorted(newly_required)]
    old_properties, new_properties = old.get("properties", {}), new.get("properties", {})
    for name, old_property in old_properties.items():
        if name not in new_properties:
            problems.append(f"{path}.{name}: removed")
            continue
        problems += _compare(old_property, new_properties[name], old_defs, new_defs, f"{path}.{name}")
    for combinator in ("anyOf", "oneOf", "allOf"):
        old_options, new_options = old.get(combinator, []), new.get(combinator, [])
        if len(old_options) != len(new_options):
            problems.append(f"{path}: {combinator} changed from {len(old_options)} to {len(new_options)} options")
            continue
        for index, (was, now) in enumerate(zip(old_options, new_options, strict=True)):
            problems += _compare(was, now, old_defs, new_defs, f"{path}.{combinator}[{index}]")
    for keyword in ("items", "additionalProperties"):
        if isinstance(old.get(keyword), dict) and isinstance(new.get(keyword), dict):
            problems += _compare(old[keyword], new[keyword], old_defs, new_defs, f"{path}.{keyword}")
    return problems


def _resolve(schema: Schema, definitions: Schema) -> Schema:
    while "$ref" in schema:
        schema = definitions[schema["$ref"].rsplit("/", 1)[-1]]
    return schema
