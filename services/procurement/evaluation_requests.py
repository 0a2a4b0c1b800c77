"""An evaluation run, requested by the officer or, for a tender without committee-scored criteria that opted in,
by the deadline clock: the evaluation-request/1 document built from the frozen model, the opened bids, the
assessments and the consensus points, published through the outbox."""

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from services.procurement import domain
from services.procurement.store import Bidder, EvaluationRun, Lot, ProcurementStore, Tender
from shared import events
from shared.events import Actor
from shared.unit_of_work import Transaction


async def request_evaluation(
    transaction: Transaction, store: ProcurementStore, tender: Tender, lot: Lot, actor: Actor
) -> EvaluationRun:
    """Emit the lot's evaluation request and record it as the lot's next run (409 while consensus is missing)."""
    session = transaction.session
    document = await evaluation_document(session, store, tender, lot)
    now = transaction.clock.now()
    request = events.EvaluationRequested(
        occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=document
    )
    number = len(await store.runs(session, tender.tender_id, lot.lot_id)) + 1
    run = EvaluationRun(
        request_event_id=str(request.event_id),
        tender_id=tender.tender_id,
        lot_id=lot.lot_id,
        number=number,
        requested_at=now,
        request=document,
    )
    store.add(session, run)
    transaction.emit(request)
    return run


async def evaluation_document(
    session: AsyncSession, store: ProcurementStore, tender: Tender, lot: Lot
) -> dict[str, Any]:
    bids = await store.bids(session, tender.tender_id, lot.lot_id)
    assessed = [(a.bid_id, a.aspect, a.outcome) for a in await store.assessments(session, tender.tender_id)]
    statuses = domain.evaluation_statuses(assessed)
    agreed = {
        (c.bid_id, c.criterion_id): c.points for c in await store.consensus(session, tender.tender_id, lot.lot_id)
    }
    missing = domain.missing_consensus(
        [b.bid_id for b in bids], domain.committee_criteria(lot.evaluation_model), set(agreed), statuses
    )
    if missing:
        raise domain.Conflict(
            f"the committee's consensus points are missing for {', '.join(missing)}",
            f"bedømmelsesudvalgets konsensuspoint mangler for {', '.join(missing)}",
        )
    points: dict[str, dict[str, Any]] = {}
    for (bid_id, criterion), value in agreed.items():
        points.setdefault(bid_id, {})[criterion] = value
    bidders = await store.bidders(session, [bid.bidder_id for bid in bids])
    opened = [
        domain.OpenedBid(bid.bid_id, bid.bidder_id, as_evaluated(bidders[bid.bidder_id]), bid.opened_content or {})
        for bid in bids
    ]
    return domain.evaluation_request(
        lot.evaluation_model,
        tender_id=tender.tender_id,
        lot_id=lot.lot_id,
        bids=opened,
        points=points,
        statuses=statuses,
    )


def as_evaluated(bidder: Bidder) -> dict[str, Any]:
    """The bidder as the evaluation contract names it; the CVR is checked there too."""
    named = {"name": bidder.name, "country": bidder.country, "rsv_registered": bidder.rsv_registered}
    return {**named, "cvr": bidder.cvr} if bidder.country == "DK" else named
