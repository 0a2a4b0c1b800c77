"""Tenders: draft, revise the draft, publish, read; with the warnings the officer should see."""

import uuid
from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from services.procurement import domain
from services.procurement.api.dependencies import (
    ReferenceDep,
    StoreDep,
    VaultDep,
    proxy_table_or_problem,
    tender_or_404,
)
from services.procurement.api.models import Saved, TenderDraft, WarningOut
from services.procurement.api.tender_checks import draft_problems, lots_with_proxy_values, warnings_of
from services.procurement.store import Lot, Tender, TenderKey
from shared import events
from shared.access import MaybeActorDep, OfficerDep, require_role
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep

router = APIRouter(prefix="/tenders", tags=["tenders"])
TENDER_FIELDS = set(TenderDraft.model_fields) - {"lots", "social_clauses", "proxy_table_version"}


@router.post(
    "",
    status_code=201,
    dependencies=[Depends(require_role("officer"))],
    summary="Create a tender as a draft",
    responses={422: {"description": "Problems"}},
)
async def create_tender(draft: TenderDraft, runtime: RuntimeDep, store: StoreDep, reference: ReferenceDep) -> Saved:
    tender_id = str(uuid.uuid4())
    async with runtime.unit_of_work.begin() as transaction:
        tender = Tender(
            tender_id=tender_id,
            correlation_id=f"tender-{tender_id}",
            created_at=runtime.clock.now(),
            proxy_table_version="",
            **draft.model_dump(include=TENDER_FIELDS),
        )
        lots = await _apply(draft, tender, transaction.session, store, reference)
        store.add(transaction.session, tender)
        await transaction.session.flush()  # the tender row first: lots refer to it
        await store.replace_lots(transaction.session, tender_id, lots)
    return _saved(tender, lots, reference, runtime.clock.now())


@router.put(
    "/{tender_id}",
    dependencies=[Depends(require_role("officer"))],
    summary="Revise a draft (a published tender changes only by amendment)",
)
async def revise_draft(
    tender_id: str, draft: TenderDraft, runtime: RuntimeDep, store: StoreDep, reference: ReferenceDep
) -> Saved:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        domain.ensure_draft(tender.status)
        for field, value in draft.model_dump(include=TENDER_FIELDS).items():
            setattr(tender, field, value)
        lots = await _apply(draft, tender, transaction.session, store, reference)
        store.add(transaction.session, tender)
        await store.replace_lots(transaction.session, tender_id, lots)
    return _saved(tender, lots, reference, runtime.clock.now())


@router.post("/{tender_id}/publish", summary="Publish a draft: its evaluation model and proxy values are frozen")
async def publish_tender(
    tender_id: str, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep, reference: ReferenceDep, vault: VaultDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        now = runtime.clock.now()
        domain.ensure_publishable(tender.status, tender.deadline, now)
        tender.status, tender.published_at = domain.TenderStatus.PUBLISHED, now
        store.add(
            transaction.session, TenderKey(tender_id=tender_id, wrapped_key=vault.new_tender_key(), created_at=now)
        )
        lots = await store.lots(transaction.session, tender_id)
        transaction.emit(
            events.TenderPublished(
                occurred_at=now,
                correlation_id=tender.correlation_id,
                actor=actor,
                payload=published_payload(tender, lots),
            )
        )
    warnings = warnings_of(tender, lots, reference, at=now)
    return {"tender_id": tender_id, "status": tender.status, "warnings": [w.__dict__ for w in warnings]}


@router.get("", summary="All tenders, by deadline")
async def list_tenders(actor: MaybeActorDep, runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    """Published tenders for everyone; drafts for officers only."""
    async with runtime.sessions() as session:
        tenders = await store.tenders(session)
    return [_summary(t) for t in tenders if actor.role == "officer" or t.status is not domain.TenderStatus.DRAFT]


@router.get("/{tender_id}", summary="One tender: its terms, lots with frozen models, social clauses, warnings")
async def get_tender(
    tender_id: str, actor: MaybeActorDep, runtime: RuntimeDep, store: StoreDep, reference: ReferenceDep
) -> dict[str, Any]:
    async with runtime.sessions() as session:
        tender = await tender_or_404(store, session, tender_id)
        if tender.status is domain.TenderStatus.DRAFT and actor.role != "officer":
            raise HTTPException(404, f"no tender {tender_id}")  # a draft is not public, nor shown to exist
        lots = await store.lots(session, tender_id)
        bids_received = await store.count_bids(session, tender_id)
    warnings = warnings_of(tender, lots, reference, at=tender.published_at or runtime.clock.now())
    return {
        **tender.model_dump(mode="json", exclude={"correlation_id"}),
        "bids_received": bids_received,
        "lots": [lot.model_dump(mode="json", exclude={"tender_id"}) for lot in lots],
        "warnings": [WarningOut(**w.__dict__).model_dump() for w in warnings],
    }


def published_payload(tender: Tender, lots: list[Lot]) -> dict[str, Any]:
    return {
        **tender.model_dump(
            exclude={
                "status",
                "correlation_id",
                "created_at",
                "published_at",
                "closed_at",
                "cancelled_at",
                "cancel_reason",
                "training_exemption",
            }
        ),
        "lots": [{"lot_id": lot.lot_id, "title": lot.title, "evaluation_model": lot.evaluation_model} for lot in lots],
    }


async def _apply(draft: TenderDraft, tender: Tender, session: Any, store: Any, reference: Any) -> list[Lot]:
    """Check the draft whole; fill in the proxy values; raise every problem at once."""
    table, problems = await proxy_table_or_problem(store, session, draft.proxy_table_version)
    tender.proxy_table_version = table.version
    tender.social_clauses = [clause.model_dump(mode="json") for clause in draft.social_clauses]
    lots, lot_problems = lots_with_proxy_values(tender.tender_id, draft.lots, table)
    problems += lot_problems + draft_problems(draft, lots, table, reference)
    if problems:
        raise InvalidInput(problems)
    return lots


def _saved(tender: Tender, lots: list[Lot], reference: Any, now: Any) -> Saved:
    warnings = warnings_of(tender, lots, reference, at=now)
    return Saved(id=tender.tender_id, warnings=[WarningOut(**w.__dict__) for w in warnings])


def _summary(tender: Tender) -> dict[str, Any]:
    fields = {"tender_id", "reference", "title", "title_en", "procedure", "deadline", "status", "reservation"}
    fields |= {"cpv_codes"}
    social = [clause["type"] for clause in tender.social_clauses]  # what a bidder filters on
    return {**tender.model_dump(mode="json", include=fields), "social_clauses": social}
