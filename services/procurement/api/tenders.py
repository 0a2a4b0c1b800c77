"""Tenders: draft, publish, read."""

import uuid
from typing import Any

from fastapi import APIRouter

from services.procurement import domain
from services.procurement.api.dependencies import StoreDep, problems_response, tender_or_404
from services.procurement.api.models import Created, TenderDraft
from services.procurement.store import Lot, Tender
from shared import events
from shared.access import ActorDep
from shared.evaluation.model_check import evaluation_model_problems
from shared.runtime import RuntimeDep

router = APIRouter(prefix="/tenders", tags=["tenders"])


@router.post("", status_code=201, summary="Create a tender as a draft", responses={422: {"description": "Problems"}})
async def create_tender(draft: TenderDraft, runtime: RuntimeDep, store: StoreDep) -> Created:
    for lot in draft.lots:
        lot.evaluation_model = domain.as_decimal_strings(lot.evaluation_model)
    problems = [
        (f"lots[{index}].evaluation_model.{problem.path}", problem.reason)
        for index, lot in enumerate(draft.lots)
        for problem in evaluation_model_problems(lot.evaluation_model)
    ]
    if problems:
        raise problems_response(problems)
    tender_id = str(uuid.uuid4())
    async with runtime.unit_of_work.begin() as transaction:
        store.add(
            transaction.session,
            Tender(
                tender_id=tender_id,
                reference=draft.reference,
                title=draft.title,
                title_en=draft.title_en,
                description=draft.description,
                deadline=draft.deadline,
                correlation_id=f"tender-{tender_id}",
                created_at=runtime.clock.now(),
            ),
        )
        await transaction.session.flush()  # the tender row first: lots refer to it
        for lot in draft.lots:
            store.add(transaction.session, Lot(tender_id=tender_id, **lot.model_dump()))
    return Created(id=tender_id)


@router.post("/{tender_id}/publish", summary="Publish a draft: its evaluation model is frozen from now on")
async def publish_tender(tender_id: str, actor: ActorDep, runtime: RuntimeDep, store: StoreDep) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        now = runtime.clock.now()
        domain.ensure_publishable(tender.status, tender.deadline, now)
        tender.status, tender.published_at = domain.TenderStatus.PUBLISHED, now
        lots = await store.lots(transaction.session, tender_id)
        transaction.emit(
            events.TenderPublished(
                occurred_at=now,
                correlation_id=tender.correlation_id,
                actor=actor,
                payload={
                    "tender_id": tender_id,
                    "reference": tender.reference,
                    "title": tender.title,
                    "title_en": tender.title_en,
                    "deadline": tender.deadline,
                    "lots": [
                        {"lot_id": lot.lot_id, "title": lot.title, "evaluation_model": lot.evaluation_model}
                        for lot in lots
                    ],
                },
            )
        )
    return {"tender_id": tender_id, "status": tender.status}


@router.get("", summary="All tenders, by deadline")
async def list_tenders(runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        return [_summary(tender) for tender in await store.tenders(session)]


@router.get("/{tender_id}", summary="One tender: its lots with their evaluation models, bids received, status")
async def get_tender(tender_id: str, runtime: RuntimeDep, store: StoreDep) -> dict[str, Any]:
    async with runtime.sessions() as session:
        tender = await tender_or_404(store, session, tender_id)
        lots = await store.lots(session, tender_id)
        bids_received = await store.count_bids(session, tender_id)
    return {
        **_summary(tender),
        "description": tender.description,
        "bids_received": bids_received,
        "lots": [{"lot_id": lot.lot_id, "title": lot.title, "evaluation_model": lot.evaluation_model} for lot in lots],
    }


def _summary(tender: Tender) -> dict[str, Any]:
    return tender.model_dump(include={"tender_id", "reference", "title", "title_en", "deadline", "status"})
