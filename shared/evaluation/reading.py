"""Reading a request document part by part, so that an unreadable part does not hide the others' problems.

Each top-level field, each criterion and each bid is read on its own. What could be read goes on to the
checks; what could not is reported with pydantic's findings, and the checks that would need it are skipped.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from shared.evaluation.problems import Problem, path, problems_from, shown
from shared.evaluation.request import Bid, Criterion, EvaluationRequest, QualityThreshold, Total

_NOT_IN_DOCUMENT = {"input_sha256", "criteria", "bids"}
HEADER_FIELDS = tuple(name for name in EvaluationRequest.model_fields if name not in _NOT_IN_DOCUMENT)
DOCUMENT_FIELDS = tuple(name for name in EvaluationRequest.model_fields if name != "input_sha256")


@dataclass(frozen=True)
class RequestParts:
    """What could be read of a request document; checks skip what is missing here."""

    header: dict[str, Any]  # the readable top-level fields besides criteria and bids, defaults filled in
    criteria: list[tuple[int, Criterion]]  # (position in the document, criterion)
    bids: list[tuple[int, Bid]]
    criterion_count: int | None  # how many the document lists, readable or not; None when it is no list
    bid_count: int | None
    criterion_ids: frozenset[str]  # ids the criteria name, even those that could not be read whole

    @property
    def all_criteria_read(self) -> bool:
        return self.criterion_count == len(self.criteria)

    @property
    def scale_max(self) -> Decimal | None:
        return self.header.get("scale_max")

    @property
    def total(self) -> Total | None:
        return self.header.get("total")

    @property
    def proxy_values(self) -> dict[str, Decimal] | None:
        return self.header.get("proxy_values")

    @property
    def quality_threshold(self) -> QualityThreshold | None:
        return self.header.get("quality_threshold")

    @property
    def tie_break(self) -> tuple[str, ...] | None:
        return self.header.get("tie_break")


def read_parts(doc: dict[str, Any], problems: list[Problem]) -> RequestParts:
    """Every part of `doc` that can be read; what cannot is added to `problems`."""
    problems.extend(Problem(path=path(name), reason="unknown field") for name in doc if name not in DOCUMENT_FIELDS)
    header = {}
    for name in HEADER_FIELDS:
        value = _read_field(name, doc, problems)
        if value is not _UNREADABLE:
            header[name] = value
    criteria = _read_items(Criterion, "criteria", doc, problems)
    bids = _read_items(Bid, "bids", doc, problems)
    raw_criteria = doc.get("criteria")
    return RequestParts(
        header=header,
        criteria=criteria,
        bids=bids,
        criterion_count=_count(raw_criteria),
        bid_count=_count(doc.get("bids")),
        criterion_ids=frozenset(_named_ids(raw_criteria)),
    )


_UNREADABLE = object()


def _read_field(name: str, doc: dict[str, Any], problems: list[Problem]) -> object:
    field = EvaluationRequest.model_fields[name]
    if name not in doc:
        if field.is_required():
            problems.append(Problem(path=path(name), reason="missing"))
            return _UNREADABLE
        return field.get_default(call_default_factory=True)
    try:
        return _FIELD_READERS[name].validate_python(doc[name])
    except ValidationError as error:
        problems.extend(problems_from(error, name))
        return _UNREADABLE


def _reader(field: FieldInfo) -> TypeAdapter[Any]:
    # pydantic keeps a field's constraints (a minimum length, say) beside its type; put them back together.
    annotation: Any = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return TypeAdapter(annotation)


_FIELD_READERS = {name: _reader(EvaluationRequest.model_fields[name]) for name in HEADER_FIELDS}


_Item = TypeVar("_Item", Criterion, Bid)
_LIST_READERS: dict[type[BaseModel], TypeAdapter[Any]] = {
    Criterion: TypeAdapter(list[Criterion]),
    Bid: TypeAdapter(list[Bid]),
}


def _read_items(model: type[_Item], name: str, doc: dict[str, Any], problems: list[Problem]) -> list[tuple[int, _Item]]:
    if name not in doc:
        problems.append(Problem(path=path(name), reason="missing"))
        return []
    raw = doc[name]
    if not isinstance(raw, list):
        problems.append(Problem(path=path(name), reason=f"expected a list, got {shown(raw)}"))
        return []
    try:  # all at once first: a valid list, the usual case, is then read in one pass
        return list(enumerate(_LIST_READERS[model].validate_python(raw)))
    except ValidationError:
        pass
    readable = []
    for index, value in enumerate(raw):
        try:
            readable.append((index, model.model_validate(value)))
        except ValidationError as error:
            problems.extend(problems_from(error, name, index))
    return readable


def _count(raw: object) -> int | None:
    return len(raw) if isinstance(raw, list) else None


def _named_ids(raw_criteria: object) -> list[str]:
    if not isinstance(raw_criteria, list):
        return []
    return [item["id"] for item in raw_criteria if isinstance(item, dict) and isinstance(item.get("id"), str)]
