"""After the award: complaints, and the contract, signed only once the standstill has run out and no complaint
with suspensive effect is pending. The contract carries the social targets that outcome reports answer to."""

import uuid
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from services.procurement import domain
from services.procurement.api.dependencies import StoreDep, hide_drafts, tender_or_404
from services.procurement.api.models import ComplaintEntry, ComplaintOutcome
from services.procurement.store import Complaint, Contract, Tender
from shared import events
from shared.access import OfficerDep, require_role
from shared.runtime import RuntimeDep

router = APIRouter(
    prefix="/tenders/{tender_id}/lots/{lot_id}", tags=["complaints and contract"], dependencies=[Depends(hide_drafts)]
)


@router.post("/complaints", status_code=201, summary="Record a complaint to the complaints board")
async def record_complaint(
    tender_id: str, lot_id: str, body: ComplaintEntry, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        complaint = Complaint(
            complaint_id=str(uuid.uuid4()),
            tender_id=tender_id,
            lot_id=lot_id,
            recorded_at=runtime.clock.now(),
            **body.model_dump(),
        )
        store.add(transaction.session, complaint)
        transaction.emit(_recorded(complaint, tender, actor, runtime.clock.now()))
    return {"complaint_id": complaint.complaint_id}


@router.post("/complaints/{complaint_id}/outcome", summary="Record the complaints board's outcome")
async def decide_complaint(
    tender_id: str,
    lot_id: str,
    complaint_id: str,
    body: ComplaintOutcome,
    actor: OfficerDep,
    runtime: RuntimeDep,
    store: StoreDep,
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        complaint = await store.complaint(transaction.session, complaint_id)
        if complaint is None or complaint.tender_id != tender_id:
            raise HTTPException(404, f"no complaint {complaint_id} on this tender")
        complaint.outcome = body.outcome
        store.add(transaction.session, complaint)
        transaction.emit(_recorded(complaint, tender, actor, runtime.clock.now()))
    return {"complaint_id": complaint_id, "outcome": body.outcome}


@router.post(
    "/contract",
    status_code=201,
    summary="Sign the contract (refused before the standstill end and while a suspensive complaint is pending)",
    responses={409: {"description": "The standstill has not run out, or a suspensive complaint is pending"}},
)
async def sign_contract(
    tender_id: str, lot_id: str, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await tender_or_404(store, session, tender_id)
        award = await store.award(session, tender_id, lot_id)
        if award is None:
            raise domain.Conflict(
                "no award has been decided for this lot", "der er ikke truffet tildelingsbeslutning for delaftalen"
            )
        if await store.contract(session, tender_id, lot_id) is not None:
            raise domain.Conflict("the contract has been signed already", "kontrakten er allerede underskrevet")
        pending = [
            domain.PendingComplaint(c.complainant, c.suspensive)
            for c in await store.complaints(session, tender_id, lot_id)
            if c.outcome is None
        ]
        now = runtime.clock.now()
        domain.ensure_may_sign(now, award.standstill_ends_at, pending)
        bid = await store.bid(session, tender_id, award.winner_bid_id)
        lot = await store.lot(session, tender_id, lot_id)
        supplier = await store.bidder(session, award.winner_bidder_id)
        assert bid is not None, "the award names an opened bid"
        assert bid.opened_content is not None, "the award names an opened bid"
        assert lot is not None, "the award names a lot"
        assert supplier is not None, "the winner is a registered bidder"
        targets = domain.contract_targets(
            bid.opened_content.get("social_commitments", []), lot.evaluation_model.get("proxy_values", {})
        )
        contract = Contract(
            contract_id=str(uuid.uuid4()),
            tender_id=tender_id,
            lot_id=lot_id,
            supplier_bidder_id=supplier.bidder_id,
            signed_at=now,
            value_dkk=Decimal(str(bid.opened_content["price"])),
            targets=[_json(t) for t in targets],
        )
        store.add(session, contract)
        transaction.emit(
            events.ContractSigned(
                occurred_at=now,
                correlation_id=tender.correlation_id,
                actor=actor,
                payload={
                    "tender_id": tender_id,
                    "lot_id": lot_id,
                    "contract_id": contract.contract_id,
                    "supplier_bidder_id": supplier.bidder_id,
                    "supplier_name": supplier.name,
                    "signed_at": now,
                    "value_dkk": contract.value_dkk,
                    "contract_start": tender.contract_start,
                    "contract_end": tender.contract_end,
                    "proxy_table_version": tender.proxy_table_version,
                    "social_clauses": tender.social_clauses,
                    "targets": targets,
                },
            )
        )
    return contract.model_dump(mode="json")


@router.get(
    "/contract",
    dependencies=[Depends(require_role("officer", "auditor"))],
    summary="The signed contract and its social targets",
)
async def get_contract(tender_id: str, lot_id: str, runtime: RuntimeDep, store: StoreDep) -> dict[str, Any]:
    async with runtime.sessions() as session:
        contract = await store.contract(session, tender_id, lot_id)
    if contract is None:
        raise HTTPException(404, "no contract has been signed for this lot")
    return contract.model_dump(mode="json")


def _recorded(complaint: Complaint, tender: Tender, actor: Any, now: Any) -> events.ComplaintRecorded:
    payload = complaint.model_dump(
        include={"tender_id", "lot_id", "complaint_id", "filed_on", "complainant", "suspensive", "outcome"}
    )
    return events.ComplaintRecorded(occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload)


def _json(target: dict[str, Any]) -> dict[str, Any]:
    return {key: (str(value) if value is not None and key != "proxy" else value) for key, value in target.items()}
