"""HTTP routes of the scoring service: a preview of the engine on any request, and the answers it gave."""

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from services.scoring.domain import evaluate
from services.scoring.store import EvaluationStore
from shared.access import require_role
from shared.evaluation import InvalidRequest, load_request_json, parse_request
from shared.runtime import RuntimeDep

router = APIRouter(tags=["evaluations"])
store = EvaluationStore()

REQUEST_EXAMPLE = {
    "format": "evaluation-request/1",
    "tender_id": "KOL-2026-017",
    "lot_id": "1",
    "criteria": [
        {"id": "price", "kind": "price", "weight": "0.6", "method": "proportional"},
        {"id": "quality", "kind": "quality", "weight": "0.4", "method": "direct"},
    ],
    "bids": [
        {
            "id": "A",
            "bidder": {"name": "Grøn Service A/S", "cvr": "13748136"},
            "price": "2400000",
            "points": {"quality": "6"},
        },
        {
            "id": "B",
            "bidder": {"name": "Jobværkstedet ApS", "cvr": "13585628"},
            "price": "2760000",
            "points": {"quality": "8"},
        },
    ],
}


@router.post(
    "/evaluations/preview",
    summary="Evaluate an evaluation-request/1 document without storing anything",
    responses={422: {"description": "Every problem in the request, each with its JSON path and reason"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}, "example": REQUEST_EXAMPLE}},
        }
    },
)
async def preview(
    request: Request,
    sensitivity: bool = Query(False, description="Add how far each weight may move before the winner changes"),
) -> JSONResponse:
    try:
        # The raw body, not FastAPI's parsed one: numbers must reach the engine as exact decimals, not floats.
        evaluation_request = parse_request(load_request_json(await request.body()))
    except InvalidRequest as invalid:
        return JSONResponse({"problems": problems_document(invalid)}, status_code=422)
    return JSONResponse(evaluate(evaluation_request, sensitivity=sensitivity).to_document())


def problems_document(invalid: InvalidRequest) -> list[dict[str, str]]:
    return [{"path": p.path, "reason": p.reason, "message": str(p)} for p in invalid.problems]


@router.get(
    "/evaluations/{request_event_id}",
    dependencies=[Depends(require_role("officer", "auditor"))],
    summary="The answer given to one evaluation request event",
)
async def answer(request_event_id: str, runtime: RuntimeDep) -> dict[str, Any]:
    async with runtime.sessions() as session:
        evaluation = await store.get(session, request_event_id)
    if evaluation is None:
        raise HTTPException(404, f"no evaluation request {request_event_id} has been answered")
    return evaluation.model_dump(mode="json")
