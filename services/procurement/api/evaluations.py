"""After the deadline: the opened bids, evaluation runs, and the award decision."""

from typing import Any

from fastapi import APIRouter, HTTPException

from services.procurement import domain
from services.procurement.api.dependencies import StoreDep, tender_or_404
from services.procurement.api.models import AwardChoice, EvaluationOrder
from services.procurement.store import Award, EvaluationRun
from shared import events
from shared.access import ActorDep
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep

router = APIRouter(prefix="/tenders/{tender_id}", tags=["evaluation and award"])


@router.post(
    "/lots/{lot_id}/evaluations",
    status_code=202,
    summary="Ask scoring to evaluate the lot with the committee's points and the compliance marks",
)
async def request_evaluation(
    tender_id: str, lot_id: str, order: EvaluationOrder, actor: ActorDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await tender_or_404(store, session, tender_id)
        domain.ensure_closed(tender.status)
        domain.ensure_not_awarded(tender.status)
        lot = await store.lot(session, tender_id, lot_id)
        if lot is None:
            raise HTTPException(404, f"the tender has no lot {lot_id}")
        bids = await store.bids(session, tender_id, lot_id)
        unknown = sorted((set(order.points) | set(order.statuses)) - {bid.bid_id for bid in bids})
        if unknown:
            raise InvalidInput([("body.points", f"no bid {bid_id} in this lot") for bid_id in unknown])
        bidders = await store.bidders(session, [bid.bidder_id for bid in bids])
        opened = [
            domain.OpenedBid(bid.bid_id, bid.bidder_id, _as_evaluated(bidders[bid.bidder_id]), bid.opened_content or {})
            for bid in bids
        ]
        document = domain.evaluation_request(
            lot.evaluation_model,
            tender_id=tender_id,
            lot_id=lot_id,
            bids=opened,
            points=order.points,
            statuses=order.statuses,
        )
        now = runtime.clock.now()
        request = events.EvaluationRequested(
            occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=document
        )
        number = len(await store.runs(session, tender_id, lot_id)) + 1
        store.add(
            session,
            EvaluationRun(
                request_event_id=str(request.event_id),
                tender_id=tender_id,
                lot_id=lot_id,
                number=number,
                requested_at=now,
            ),
        )
        transaction.emit(request)
    return {"run": number, "request_event_id": str(request.event_id), "status": "requested"}


@router.get("/lots/{lot_id}/evaluations", summary="Every evaluation run of the lot, numbered, with its answer")
async def evaluation_runs(tender_id: str, lot_id: str, runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        await tender_or_404(store, session, tender_id)
        return [run.model_dump(mode="json") for run in await store.runs(session, tender_id, lot_id)]


@router.post("/lots/{lot_id}/award", summary="Decide the award on the latest completed evaluation run")
async def decide_award(
    tender_id: str, lot_id: str, choice: AwardChoice, actor: ActorDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await tender_or_404(store, session, tender_id)
        domain.ensure_not_awarded(tender.status)
        completed = [run for run in await store.runs(session, tender_id, lot_id) if run.status == "completed"]
        if not completed or completed[-1].result is None:
            raise domain.Conflict("the lot has no completed evaluation to decide on")
        run, result = completed[-1], completed[-1].result
        winner_bid_id = domain.choose_winner(result, choice.bid_id, choice.reason)
        bids = {bid.bid_id: bid for bid in await store.bids(session, tender_id, lot_id)}
        winner = await store.bidder(session, bids[winner_bid_id].bidder_id)
        assert winner is not None, "a bid's bidder is registered before it can bid"
        now = runtime.clock.now()
        if tender.reservation is domain.Reservation.ART77:
            previous = await store.art77_awards_to(session, winner.bidder_id)
            domain.ensure_no_recent_art77_award(winner.name, previous, now)
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
                "standings": domain.standings(result, {bid_id: bid.bidder_id for bid_id, bid in bids.items()}),
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
            ),
        )
        tender.status = domain.TenderStatus.AWARDED
        transaction.emit(decided)
    return {"winner_bid_id": winner_bid_id, "winner": winner.name, "award_event_id": str(decided.event_id)}


@router.get("/lots/{lot_id}/award", summary="The award decision and when its notices went out")
async def get_award(tender_id: str, lot_id: str, runtime: RuntimeDep, store: StoreDep) -> dict[str, Any]:
    async with runtime.sessions() as session:
        award = await store.award(session, tender_id, lot_id)
    if award is None:
        raise HTTPException(404, "no award has been decided for this lot")
    return award.model_dump(mode="json")


def _as_evaluated(bidder: Any) -> dict[str, Any]:
    """The bidder as the evaluation contract names it; the CVR is checked there too."""
    named = {"name": bidder.name, "country": bidder.country, "rsv_registered": bidder.rsv_registered}
    return {**named, "cvr": bidder.cvr} if bidder.country == "DK" else named
