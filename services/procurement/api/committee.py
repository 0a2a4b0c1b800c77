"""The evaluation committee: members assigned by the officer, each declaring no conflict of interest before
seeing any bid, each scoring with a written justification; the officer records the consensus."""

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends

from services.procurement import domain
from services.procurement.api.dependencies import (
    AssignedEvaluatorDep,
    ClearedEvaluatorDep,
    EvaluationReaderDep,
    StoreDep,
    committee_reader,
    hide_drafts,
    tender_or_404,
)
from services.procurement.api.models import Consensus, Declaration, MemberAssignment, PointsEntry
from services.procurement.store import CommitteeMember, ConsensusPoints, EvaluatorPoints, ProcurementStore
from shared import events
from shared.access import OfficerDep
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep

router = APIRouter(prefix="/tenders/{tender_id}", tags=["evaluation committee"], dependencies=[Depends(hide_drafts)])


@router.post("/committee", status_code=201, summary="Assign an evaluator to the committee")
async def assign(
    tender_id: str, body: MemberAssignment, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        if await store.member(transaction.session, tender_id, body.evaluator_id) is None:
            store.add(
                transaction.session,
                CommitteeMember(
                    tender_id=tender_id, evaluator_id=body.evaluator_id, name=body.name, assigned_at=runtime.clock.now()
                ),
            )
            payload = {"tender_id": tender_id, "evaluator_id": body.evaluator_id, "evaluator_name": body.name}
            transaction.emit(
                events.CommitteeMemberAssigned(
                    occurred_at=runtime.clock.now(), correlation_id=tender.correlation_id, actor=actor, payload=payload
                )
            )
    return {"tender_id": tender_id, "evaluator_id": body.evaluator_id}


@router.post("/committee/declaration", summary="Declare (no) conflict of interest, before seeing any bid")
async def declare(
    tender_id: str, body: Declaration, actor: AssignedEvaluatorDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        member = await store.member(transaction.session, tender_id, actor.id)
        if member is None:
            raise domain.not_on_the_committee()
        if member.declared_at is not None:
            raise domain.Conflict(
                "you have declared already; tell the officer if something changed",
                "du har allerede afgivet din erklæring; sig det til indkøberen, hvis noget har ændret sig",
            )
        now = runtime.clock.now()
        member.declared_at, member.has_conflict, member.conflict_details = now, body.has_conflict, body.details
        store.add(transaction.session, member)
        payload = {
            "tender_id": tender_id,
            "evaluator_id": actor.id,
            "has_conflict": body.has_conflict,
            "details": body.details,
        }
        transaction.emit(
            events.ConflictDeclared(occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload)
        )
    return {"evaluator_id": actor.id, "on_committee": not body.has_conflict}


@router.get(
    "/committee",
    dependencies=[Depends(committee_reader)],
    summary="The committee: who is assigned, who declared, who was removed",
)
async def committee(tender_id: str, runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        await tender_or_404(store, session, tender_id)
        return [member.model_dump(mode="json") for member in await store.committee(session, tender_id)]


@router.post("/lots/{lot_id}/points", status_code=201, summary="An evaluator's points for one bid on one criterion")
async def enter_points(
    tender_id: str, lot_id: str, body: PointsEntry, actor: ClearedEvaluatorDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await tender_or_404(store, session, tender_id)
        domain.ensure_closed(tender.status)
        model = await _scored_model(store, session, tender_id, lot_id, body.bid_id, body.criterion_id)
        problems = domain.points_problems(body.points, _scale(model), body.justification)
        if problems:
            raise InvalidInput(problems)
        now = runtime.clock.now()
        row = EvaluatorPoints(
            tender_id=tender_id, lot_id=lot_id, evaluator_id=actor.id, entered_at=now, **body.model_dump()
        )
        await session.merge(row)
        payload = {"tender_id": tender_id, "lot_id": lot_id, "evaluator_id": actor.id, **body.model_dump()}
        transaction.emit(
            events.PointsEntered(occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload)
        )
    return {"bid_id": body.bid_id, "criterion_id": body.criterion_id, "points": str(body.points)}


@router.get(
    "/lots/{lot_id}/points", summary="Every evaluator's points (officers, auditors), or your own (an evaluator)"
)
async def points(
    tender_id: str, lot_id: str, actor: EvaluationReaderDep, runtime: RuntimeDep, store: StoreDep
) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        await tender_or_404(store, session, tender_id)
        given = await store.evaluator_points(session, tender_id, lot_id)
    mine = [p for p in given if p.evaluator_id == actor.id]
    return [p.model_dump(mode="json") for p in (given if actor.role in ("officer", "auditor") else mine)]


@router.post("/lots/{lot_id}/consensus", summary="Record the committee's consensus points, which enter the evaluation")
async def record_consensus(
    tender_id: str, lot_id: str, body: Consensus, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await tender_or_404(store, session, tender_id)
        domain.ensure_closed(tender.status)
        domain.ensure_lot_not_awarded(await store.award(session, tender_id, lot_id) is not None)
        problems = []
        for index, entry in enumerate(body.points):
            model = await _scored_model(store, session, tender_id, lot_id, entry.bid_id, entry.criterion_id)
            problems += [
                (p.replace("body.", f"body.points[{index}]."), r)
                for p, r in domain.points_problems(entry.points, _scale(model), entry.justification)
            ]
        if problems:
            raise InvalidInput(problems)
        now = runtime.clock.now()
        for entry in body.points:
            await session.merge(
                ConsensusPoints(
                    tender_id=tender_id,
                    lot_id=lot_id,
                    method=body.method,
                    held_on=body.held_on,
                    recorded_at=now,
                    **entry.model_dump(),
                )
            )
        payload = {"tender_id": tender_id, "lot_id": lot_id, **body.model_dump()}
        transaction.emit(
            events.ConsensusRecorded(
                occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload
            )
        )
    return {"recorded": len(body.points)}


async def _scored_model(
    store: ProcurementStore, session: Any, tender_id: str, lot_id: str, bid_id: str, criterion_id: str
) -> dict[str, Any]:
    """The lot's model, when the bid is in the lot and the criterion is one the committee scores."""
    lot = await store.lot(session, tender_id, lot_id)
    bid = await store.bid(session, tender_id, bid_id)
    problems = []
    if lot is None:
        raise InvalidInput([("path.lot_id", f"the tender has no lot {lot_id}")])
    if bid is None or bid.lot_id != lot_id or bid.withdrawn_at is not None:
        problems.append(("body.bid_id", f"no bid {bid_id} in lot {lot_id}"))
    if criterion_id not in domain.committee_criteria(lot.evaluation_model):
        scored = ", ".join(domain.committee_criteria(lot.evaluation_model)) or "none"
        problems.append(("body.criterion_id", f"{criterion_id} is not scored by the committee (those are: {scored})"))
    if problems:
        raise InvalidInput(problems)
    return lot.evaluation_model


def _scale(model: dict[str, Any]) -> Decimal:
    return Decimal(str(model.get("scale_max", "10")))
