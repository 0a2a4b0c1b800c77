"""Evaluation runs, and the award decision with each bidder's standing and the winner's relative advantages."""

from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from services.procurement import domain
from services.procurement.api.dependencies import StoreDep, evaluation_reader, hide_drafts, tender_or_404
from services.procurement.api.models import AwardChoice
from services.procurement.evaluation_requests import request_evaluation
from services.procurement.store import Award
from shared import events
from shared.access import OfficerDep, require_role
from shared.evaluation import ABNORMALLY_LOW
from shared.runtime import RuntimeDep

router = APIRouter(prefix="/tenders/{tender_id}", tags=["evaluation and award"], dependencies=[Depends(hide_drafts)])


@router.post(
    "/lots/{lot_id}/evaluations",
    status_code=202,
    summary="Ask scoring to evaluate the lot: the frozen model, the opened bids, the assessments, the consensus",
    responses={409: {"description": "Not closed yet, awarded already, or consensus points missing"}},
)
async def evaluate_lot(
    tender_id: str, lot_id: str, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        domain.ensure_closed(tender.status)
        domain.ensure_lot_not_awarded(await store.award(transaction.session, tender_id, lot_id) is not None)
        lot = await store.lot(transaction.session, tender_id, lot_id)
        if lot is None:
            raise HTTPException(404, f"the tender has no lot {lot_id}")
        run = await request_evaluation(transaction, store, tender, lot, actor)
    return {"run": run.number, "request_event_id": run.request_event_id, "status": run.status}


@router.get(
    "/lots/{lot_id}/evaluations",
    dependencies=[Depends(evaluation_reader)],
    summary="Every evaluation run of the lot, numbered, with its answer",
)
async def evaluation_runs(tender_id: str, lot_id: str, runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        await tender_or_404(store, session, tender_id)
        return [run.model_dump(mode="json") for run in await store.runs(session, tender_id, lot_id)]


@router.post("/lots/{lot_id}/award", summary="Decide the award on the latest completed evaluation run")
async def decide_award(
    tender_id: str, lot_id: str, choice: AwardChoice, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await tender_or_404(store, session, tender_id)
        domain.ensure_lot_not_awarded(await store.award(session, tender_id, lot_id) is not None)
        completed = [run for run in await store.runs(session, tender_id, lot_id) if run.status == "completed"]
        if not completed or completed[-1].result is None:
            raise domain.Conflict(
                "the lot has no completed evaluation to decide on",
                "delaftalen har ingen færdig evaluering at træffe beslutning på",
            )
        run, result = completed[-1], completed[-1].result
        winner_bid_id = domain.choose_winner(result, choice.bid_id, choice.reason)
        bids = {bid.bid_id: bid for bid in await store.bids(session, tender_id, lot_id)}
        winner = await store.bidder(session, bids[winner_bid_id].bidder_id)
        assert winner is not None, "a bid's bidder is registered before it can bid"
        assessed = [(a.bid_id, a.aspect, a.outcome) for a in await store.assessments(session, tender_id)]
        winner_entry = next(e for e in result["ranking"] if e["bid_id"] == winner_bid_id)
        domain.ensure_may_award(
            winner_bid_id,
            domain.latest_outcomes(winner_bid_id, assessed),
            abnormally_low=ABNORMALLY_LOW in winner_entry.get("flags", []),
            reserved=tender.reservation is not domain.Reservation.NONE,
        )
        now = runtime.clock.now()
        if tender.reservation is domain.Reservation.ART77:
            domain.ensure_no_recent_art77_award(
                winner.name, await store.art77_awards_to(session, winner.bidder_id), now
            )
        justifications = {
            (c.bid_id, c.criterion_id): c.justification for c in await store.consensus(session, tender_id, lot_id)
        }
        better = domain.advantages(result, winner_bid_id, justifications)
        standings = [
            {**s, "advantages": better.get(s["bid_id"], [])}
            for s in domain.standings(result, {bid_id: bid.bidder_id for bid_id, bid in bids.items()})
        ]
        decided = events.AwardDecided(
            occurred_at=now,
            correlation_id=tender.correlation_id,
            actor=actor,
            payload={
                "tender_id": tender_id,
                "lot_id": lot_id,
                "evaluation_request_id": run.request_event_id,
                "winner_bid_id": winner_bid_id,
                "winner_bidder_id": winner.bidder_id,
                "winner_name": winner.name,
                "decided_at": now,
                "reason": choice.reason,
                "standings": standings,
                "channel": choice.channel,
                "winner_total": winner_entry["total"],
                "winner_points": {c: s["points"] for c, s in winner_entry["criteria"].items()},
            },
        )
        store.add(
            session,
            Award(
                tender_id=tender_id,
                lot_id=lot_id,
                award_event_id=str(decided.event_id),
                evaluation_request_id=run.request_event_id,
                winner_bid_id=winner_bid_id,
                winner_bidder_id=winner.bidder_id,
                reason=choice.reason,
                decided_at=now,
                channel=choice.channel,
            ),
        )
        lot_ids = {lot.lot_id for lot in await store.lots(session, tender_id)}
        awarded = {a.lot_id for a in await store.awards(session, tender_id)} | {lot_id}
        tender.status = domain.status_after_award(tender.status, lot_ids, awarded)
        transaction.emit(decided)
    return {"winner_bid_id": winner_bid_id, "winner": winner.name, "award_event_id": str(decided.event_id)}


@router.get(
    "/lots/{lot_id}/award",
    dependencies=[Depends(require_role("officer", "auditor"))],
    summary="The award decision, when its notices went out, and the standstill end",
)
async def get_award(tender_id: str, lot_id: str, runtime: RuntimeDep, store: StoreDep) -> dict[str, Any]:
    async with runtime.sessions() as session:
        award = await store.award(session, tender_id, lot_id)
    if award is None:
        raise HTTPException(404, "no award has been decided for this lot")
    return award.model_dump(mode="json")
