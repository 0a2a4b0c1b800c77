"""The officer's assessment of each bid: compliance, the abnormally-low clarification, the winner-to-be's
documentation against its self-declaration, eligibility for a reserved contract. Each step keeps its reason."""

import uuid
from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from services.procurement import domain
from services.procurement.api.dependencies import StoreDep, hide_drafts, tender_or_404
from services.procurement.api.models import AssessmentEntry
from services.procurement.store import Assessment
from shared import events
from shared.access import OfficerDep, require_role
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep

router = APIRouter(prefix="/tenders/{tender_id}", tags=["assessment of bids"], dependencies=[Depends(hide_drafts)])


@router.post(
    "/bids/{bid_id}/assessments", status_code=201, summary="Record a step of a bid's assessment, with its reason"
)
async def assess(
    tender_id: str, bid_id: str, body: AssessmentEntry, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    problems = domain.assessment_problems(body.aspect, body.outcome, body.reason)
    if problems:
        raise InvalidInput(problems)
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        domain.ensure_closed(tender.status)
        bid = await store.bid(transaction.session, tender_id, bid_id)
        if bid is None:
            raise HTTPException(404, f"no bid {bid_id} on this tender")
        domain.ensure_lot_not_awarded(await store.award(transaction.session, tender_id, bid.lot_id) is not None)
        now = runtime.clock.now()
        row = Assessment(
            assessment_id=str(uuid.uuid4()),
            tender_id=tender_id,
            lot_id=bid.lot_id,
            bid_id=bid_id,
            assessed_at=now,
            actor_id=actor.id,
            **body.model_dump(),
        )
        store.add(transaction.session, row)
        payload = {"tender_id": tender_id, "lot_id": bid.lot_id, "bid_id": bid_id, **body.model_dump()}
        transaction.emit(
            events.BidAssessed(occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload)
        )
    return {"assessment_id": row.assessment_id}


@router.get(
    "/assessments",
    dependencies=[Depends(require_role("officer", "auditor"))],
    summary="Every assessment step of the tender's bids, in order",
)
async def assessments(tender_id: str, runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        await tender_or_404(store, session, tender_id)
        return [row.model_dump(mode="json") for row in await store.assessments(session, tender_id)]
