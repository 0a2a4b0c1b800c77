"""Bidders register once, and submit sealed bids with a receipt in return."""

import secrets
import uuid

from fastapi import APIRouter

from services.procurement import domain
from services.procurement.api.dependencies import StoreDep, bidder_or_404, tender_or_404
from services.procurement.api.models import BidderRegistration, BidSubmission, Created, Receipt
from services.procurement.store import Bid, Bidder
from shared import events
from shared.access import ActorDep
from shared.cvr import cvr_problem
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep

router = APIRouter(tags=["bidders and bids"])


@router.post("/bidders", status_code=201, summary="Register a bidding enterprise")
async def register_bidder(
    registration: BidderRegistration, actor: ActorDep, runtime: RuntimeDep, store: StoreDep
) -> Created:
    problems = _identity_problems(registration)
    if problems:
        raise InvalidInput(problems)
    bidder = Bidder(bidder_id=str(uuid.uuid4()), registered_at=runtime.clock.now(), **registration.model_dump())
    async with runtime.unit_of_work.begin() as transaction:
        store.add(transaction.session, bidder)
        transaction.emit(
            events.BidderRegistered(
                occurred_at=bidder.registered_at,
                correlation_id=f"bidder-{bidder.bidder_id}",
                actor=actor,
                payload=bidder.model_dump(exclude={"registered_at", "national_id"}),
            )
        )
    return Created(id=bidder.bidder_id)


def _identity_problems(registration: BidderRegistration) -> list[tuple[str, str]]:
    if registration.country != "DK":
        return [] if registration.national_id else [("body.national_id", "required for a bidder outside Denmark")]
    if registration.cvr is None:
        return [("body.cvr", "required for a Danish bidder")]
    problem = cvr_problem(registration.cvr)
    return [("body.cvr", problem)] if problem else []


@router.post(
    "/tenders/{tender_id}/bids",
    status_code=201,
    summary="Submit (or replace) a sealed bid before the deadline; the receipt holds the time and commitment",
    responses={409: {"description": "The tender is not open: not published yet, or the bid is late"}},
)
async def submit_bid(
    tender_id: str, submission: BidSubmission, actor: ActorDep, runtime: RuntimeDep, store: StoreDep
) -> Receipt:
    received_at = domain.truncate_to_milliseconds(runtime.clock.now())
    content = submission.model_dump(mode="json", exclude={"bidder_id", "lot_id"})
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await tender_or_404(store, session, tender_id)
        await bidder_or_404(store, session, submission.bidder_id)
        domain.ensure_open_for_bids(tender.status, tender.deadline, received_at)
        lot = await store.lot(session, tender_id, submission.lot_id)
        if lot is None:
            raise InvalidInput([("body.lot_id", f"the tender has no lot {submission.lot_id}")])
        unknown = domain.unknown_proxies(content, lot.evaluation_model.get("proxy_values", {}))
        if unknown:
            raise InvalidInput([("body.social_commitments", f"unknown proxy code {code}") for code in unknown])
        salt = secrets.token_bytes(16)
        bid = await store.bid_of(session, tender_id, submission.lot_id, submission.bidder_id) or Bid(
            bid_id=str(uuid.uuid4()),
            tender_id=tender_id,
            lot_id=submission.lot_id,
            bidder_id=submission.bidder_id,
            content={},
            salt="",
            commitment_sha256="",
            received_at=received_at,
        )
        bid.content, bid.salt, bid.received_at = content, salt.hex(), received_at
        bid.commitment_sha256 = domain.commitment(content, salt)
        store.add(session, bid)
        transaction.emit(
            events.BidReceived(
                occurred_at=received_at,
                correlation_id=tender.correlation_id,
                actor=actor,
                payload=bid.model_dump(
                    include={"tender_id", "lot_id", "bid_id", "bidder_id", "received_at", "commitment_sha256"}
                ),
            )
        )
    return Receipt(**bid.model_dump(exclude={"content", "bidder_id"}))
