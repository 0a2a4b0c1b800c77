"""The auditor's two checks over HTTP: the chain and its signed checkpoints verified, and a tender's evaluations
re-computed from the log. The same code as `procure audit verify|recompute`, run in a worker thread."""

import asyncio
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from services.audit.api.dependencies import AUDITORS_ONLY, FORBIDDEN
from services.audit.offline.database import DatabaseProblem
from services.audit.offline.recompute import recompute_tender
from services.audit.offline.verify import verify_database
from services.audit.scoring_engine import ScoringOverHttp

router = APIRouter(tags=["audit"], dependencies=AUDITORS_ONLY, responses=FORBIDDEN)


@router.get("/verification", summary="Re-compute the whole chain and check the signed checkpoints against our key")
async def verification(request: Request) -> dict[str, Any]:
    settings = request.app.state.runtime.settings
    public_key = request.app.state.public_key
    report = await asyncio.to_thread(verify_database, settings.database_url, public_key, None, workers=1)
    return report.document()


@router.get(
    "/tenders/{tender_id}/recomputation",
    summary="Re-check a tender's evaluations from the log and re-run each request through the scoring engine",
    responses={404: {"description": "No entry names this tender"}},
)
async def recomputation(tender_id: str, request: Request) -> dict[str, Any]:
    settings = request.app.state.runtime.settings
    try:
        with ScoringOverHttp(settings.scoring_url) as engine:
            report = await asyncio.to_thread(recompute_tender, settings.database_url, tender_id, engine)
    except DatabaseProblem as problem:
        raise HTTPException(404, str(problem)) from None
    return report.document()
