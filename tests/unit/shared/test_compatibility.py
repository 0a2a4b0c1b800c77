"""The schema compatibility check tells additive changes from breaking ones."""

from typing import Any

from pydantic import BaseModel

from shared.events.compatibility import breaking_changes


def schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(mode="serialization")


class Inner(BaseModel):
    amount: str


class Published(BaseModel):
    tender_id: str
    bids: int
    note: str | None = None
    inner: Inner


def test_the_same_schema_is_compatible() -> None:
    assert breaking_changes(schema(Published), schema(Published)) == []


def test_an_optional_field_added_is_compatible() -> None:
    class Added(Published):
        reason: str | None = None

    assert breaking_changes(schema(Published), schema(Added)) == []


def test_a_removed_field_breaks() -> None:
    class Removed(BaseModel):
        tender_id: str
        note: str | None = None
        inner: Inner

    assert breaking_changes(schema(Published), schema(Removed)) == ["$.bids: removed"]


def test_a_newly_required_field_breaks() -> None:
    class Required(Published):
        lot_id: str

    assert breaking_changes(schema(Published), schema(Required)) == ["$.lot_id: newly required"]


def test_a_changed_type_breaks_also_inside_a_nested_model() -> None:
    class OtherInner(BaseModel):
        amount: int

    class Changed(BaseModel):
        tender_id: str
        bids: str
        note: str | None = None
        inner: OtherInner

    problems = breaking_changes(schema(Published), schema(Changed))
    assert "$.bids: type changed from 'integer' to 'string'" in problems
    assert "$.inner.amount: type changed from 'string' to 'integer'" in problems
