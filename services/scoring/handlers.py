"""Kafka subscribers of the scoring service: an evaluation request in, its completed or rejected answer out."""

from typing import Any

import structlog
from faststream.kafka import KafkaMessage

from services.scoring.domain import ENGINE_VERSION, evaluate
from services.scoring.store import Evaluation, EvaluationStore
from shared import events
from shared.evaluation import InvalidRequest, load_request_json, parse_request
from shared.events import Actor
from shared.runtime import ServiceRuntime

GROUP = "scoring.evaluate"
SCORING = Actor(kind="service", id="scoring")
log = structlog.get_logger(__name__)


def register(runtime: ServiceRuntime, store: EvaluationStore) -> None:
    @runtime.bus.subscriber(events.EvaluationRequested, group=GROUP)
    async def on_evaluation_requested(request: events.EvaluationRequested, message: KafkaMessage) -> None:
        """Evaluate the lot and answer once per request event; a redelivery changes and publishes nothing."""
        # The payload again from the raw bytes: JSON numbers must reach the engine as exact decimals.
        document: dict[str, Any] = load_request_json(message.body)["payload"]  # type: ignore[index]
        async with runtime.unit_of_work.begin() as transaction:
            if not await transaction.first_delivery(request, consumer=GROUP):
                return
            evaluation, answer = _answer(request, document, runtime)
            await store.add(transaction.session, evaluation)
            transaction.emit(answer)
        log.info("evaluation_answered", outcome=evaluation.outcome, tender_id=evaluation.tender_id)


def _answer(
    request: events.EvaluationRequested, document: dict[str, Any], runtime: ServiceRuntime
) -> tuple[Evaluation, events.Event]:
    """The stored evaluation and the event that tells procurement: completed with the result, or rejected with
    every problem in the request."""
    now = runtime.clock.now()
    ids = {
        "tender_id": str(document.get("tender_id") or "unknown"),
        "lot_id": str(document.get("lot_id") or "unknown"),
        "request_event_id": str(request.event_id),
    }
    evaluation = Evaluation(
        request_event_id=ids["request_event_id"],
        tender_id=ids["tender_id"],
        lot_id=ids["lot_id"],
        outcome="completed",
        evaluated_at=now,
    )
    try:
        result = evaluate(parse_request(document)).to_document()
    except InvalidRequest as invalid:
        evaluation.outcome = "rejected"
        evaluation.problems = [{"path": problem.path, "reason": problem.reason} for problem in invalid.problems]
        rejected = events.EvaluationRejected(
            occurred_at=now,
            correlation_id=request.correlation_id,
            actor=SCORING,
            payload={**ids, "problems": evaluation.problems},
        )
        return evaluation, rejected
    evaluation.input_sha256, evaluation.engine_version, evaluation.result = (
        result["input_sha256"],
        ENGINE_VERSION,
        result,
    )
    completed = events.EvaluationCompleted(
        occurred_at=now, correlation_id=request.correlation_id, actor=SCORING, payload={**ids, "result": result}
    )
    return evaluation, completed
