"""Events the scoring service publishes: the answer to each evaluation request."""

from typing import Any, ClassVar

from shared.events.base import Event
from shared.events.payloads import Payload


class EvaluationCompletedPayload(Payload):
    tender_id: str
    lot_id: str
    request_event_id: str
    # The evaluation-result/1 document, exactly as the engine wrote it.
    result: dict[str, Any]


class EvaluationCompleted(Event):
    topic: ClassVar[str] = "scoring.evaluation-completed.v1"
    payload: EvaluationCompletedPayload


class Problem(Payload):
    path: str
    reason: str


class EvaluationRejectedPayload(Payload):
    tender_id: str
    lot_id: str
    request_event_id: str
    problems: list[Problem]


class EvaluationRejected(Event):
    topic: ClassVar[str] = "scoring.evaluation-rejected.v1"
    payload: EvaluationRejectedPayload
