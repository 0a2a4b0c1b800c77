"""Sealed bids: submitted, replaced, read and withdrawn by their own bidder until the deadline; nobody else
reads any bid before it. Every read attempt, allowed or refused, is an audited event."""

import secrets
import uuid
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query

from services.procurement import domain
from services.procurement.api.bidders import identity_problems
from services.procurement.api.dependencies import StoreDep, VaultDep, bidder_or_404, hide_drafts, tender_or_404
from services.procurement.api.models import BidSubmission, Receipt
from services.procurement.store import Bid, Bidder, CommitteeMember, ProcurementStore, Tender
from services.procurement.vault import open_bid, seal_bid
from shared import events
from shared.access import ActorDep, BidderDep
from shared.events import Actor
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep, ServiceRuntime

router = APIRouter(prefix="/tenders/{tender_id}", tags=["bids"], dependencies=[Depends(hide_drafts)])
READERS_AFTER_THE_DEADLINE = ("officer", "evaluator", "auditor")


@router.post(
    "/bids",
    status_code=201,
    summary="Submit (or replace) your sealed bid before the deadline; the receipt holds the time and commitment",
    responses={409: {"description": "The tender is not open: not published yet, cancelled, or the bid is late"}},
)
async def submit_bid(
    tender_id: str,
    bidder_id: BidderDep,
    submission: BidSubmission,
    actor: ActorDep,
    runtime: RuntimeDep,
    store: StoreDep,
    vault: VaultDep,
) -> Receipt:
    received_at = domain.truncate_to_milliseconds(runtime.clock.now())
    content = submission.model_dump(mode="json", exclude={"lot_id"})
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await tender_or_404(store, session, tender_id)
        await bidder_or_404(store, session, bidder_id)
        domain.ensure_open_for_bids(tender.status, tender.deadline, received_at)
        await _check_content(store, session, tender_id, submission, content)
        key = await store.tender_key(session, tender_id)
        assert key is not None, "every published tender has its key"
        bid = await store.bid_of(session, tender_id, submission.lot_id, bidder_id) or Bid(
            bid_id=str(uuid.uuid4()),
            tender_id=tender_id,
            lot_id=submission.lot_id,
            bidder_id=bidder_id,
            sealed=b"",
            commitment_sha256="",
            received_at=received_at,
        )
        salt = secrets.token_bytes(16)
        bid.sealed = seal_bid(
            vault, key.wrapped_key, tender_id=tender_id, bid_id=bid.bid_id, content=content, salt=salt
        )
        bid.commitment_sha256, bid.received_at, bid.withdrawn_at = domain.commitment(content, salt), received_at, None
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
    return Receipt(
        **bid.model_dump(include={"bid_id", "tender_id", "lot_id", "received_at", "commitment_sha256"}), salt=salt.hex()
    )


@router.get("/bids/mine", summary="Your own bid, as you sent it (before and after the deadline)")
async def my_bid(
    tender_id: str,
    bidder_id: BidderDep,
    actor: ActorDep,
    runtime: RuntimeDep,
    store: StoreDep,
    vault: VaultDep,
    lot_id: str = Query("1"),
) -> dict[str, Any]:
    async with runtime.sessions() as session:
        tender = await tender_or_404(store, session, tender_id)
        bid = await store.bid_of(session, tender_id, lot_id, bidder_id)
        key = await store.tender_key(session, tender_id)
    if bid is None or bid.withdrawn_at is not None or key is None:
        raise HTTPException(404, "you have no bid on this lot")
    await _record_access(runtime, tender, actor, bid, allowed=True, reason="the bid's own bidder")
    content, salt = open_bid(vault, key.wrapped_key, tender_id=tender_id, bid_id=bid.bid_id, sealed=bid.sealed)
    return {**_receipt_of(bid), "salt": salt, "content": content}


@router.delete("/bids/mine", summary="Withdraw your bid before the deadline")
async def withdraw_bid(
    tender_id: str,
    bidder_id: BidderDep,
    actor: ActorDep,
    runtime: RuntimeDep,
    store: StoreDep,
    lot_id: str = Query("1"),
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        now = runtime.clock.now()
        domain.ensure_open_for_bids(tender.status, tender.deadline, now)
        bid = await store.bid_of(transaction.session, tender_id, lot_id, bidder_id)
        if bid is None or bid.withdrawn_at is not None:
            raise HTTPException(404, "you have no bid on this lot")
        bid.withdrawn_at = now
        store.add(transaction.session, bid)
        payload = {**bid.model_dump(include={"tender_id", "lot_id", "bid_id", "bidder_id"}), "withdrawn_at": now}
        transaction.emit(
            events.BidWithdrawn(occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload)
        )
    return {"bid_id": bid.bid_id, "withdrawn_at": now}


@router.get(
    "/bids",
    summary="The opened bids: for officers, evaluators and auditors, after the deadline",
    responses={403: {"description": "Not your role"}, 409: {"description": "Still sealed"}},
)
async def opened_bids(tender_id: str, actor: ActorDep, runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        tender = await tender_or_404(store, session, tender_id)
        bids = await store.bids(session, tender_id)
        bidders = await store.bidders(session, [bid.bidder_id for bid in bids])
        member = await store.member(session, tender_id, actor.id)
    refusal = _refusal(tender, actor) or _committee_refusal(actor, member)
    await _record_access(
        runtime, tender, actor, None, allowed=refusal is None, reason=refusal.english if refusal else "opened"
    )
    if refusal:
        raise refusal
    return [
        {
            **_receipt_of(bid),
            "bidder_id": bid.bidder_id,
            "bidder_name": bidders[bid.bidder_id].name,
            "bidder_declares": _declared(bidders[bid.bidder_id]),
            "salt": bid.opened_salt,
            "content": bid.opened_content,
        }
        for bid in bids
    ]


def _declared(bidder: Bidder) -> dict[str, Any]:
    """What the enterprise declared at registration that a reserved contract's eligibility turns on (Art. 20: a
    sheltered workshop, or at least 30 % disabled or disadvantaged workers; RSV registration, for Art. 77)."""
    return {
        "sheltered_workshop": bidder.sheltered_workshop,
        "disadvantaged_share_pct": None
        if bidder.disadvantaged_share_pct is None
        else str(bidder.disadvantaged_share_pct),
        "rsv_registered": bidder.rsv_registered,
    }


def _refusal(tender: Tender, actor: Actor) -> domain.Refusal | None:
    if actor.role not in READERS_AFTER_THE_DEADLINE:
        return domain.Forbidden(
            "bids are read by officers, evaluators and auditors; a bidder reads its own at /bids/mine",
            "tilbud læses af indkøbere, bedømmere og revisorer; en tilbudsgiver læser sit eget under Dit tilbud",
        )
    if tender.status in (domain.TenderStatus.DRAFT, domain.TenderStatus.PUBLISHED):
        return domain.still_sealed()
    return None


def _committee_refusal(actor: Actor, member: CommitteeMember | None) -> domain.Refusal | None:
    """An evaluator reads bids only as a committee member who declared no conflict of interest."""
    if actor.role != "evaluator":
        return None
    try:
        domain.ensure_may_evaluate(
            domain.Member(actor.id, member.declared_at is not None, bool(member.has_conflict)) if member else None
        )
    except domain.Forbidden as forbidden:
        return forbidden
    return None


async def _record_access(
    runtime: ServiceRuntime, tender: Tender, actor: Actor, bid: Bid | None, *, allowed: bool, reason: str
) -> None:
    """Its own transaction, so a refusal is recorded although the request then fails."""
    now = runtime.clock.now()
    payload = {
        "tender_id": tender.tender_id,
        "lot_id": bid.lot_id if bid else None,
        "bid_id": bid.bid_id if bid else None,
        "bid_owner": bid.bidder_id if bid else None,
        "allowed": allowed,
        "reason": reason,
        "attempted_at": now,
    }
    async with runtime.unit_of_work.begin() as transaction:
        transaction.emit(
            events.BidAccessAttempted(
                occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload
            )
        )


async def _check_content(
    store: ProcurementStore, session: Any, tender_id: str, submission: BidSubmission, content: dict[str, Any]
) -> None:
    lot = await store.lot(session, tender_id, submission.lot_id)
    if lot is None:
        no_lot = f"the tender has no lot {submission.lot_id}", f"udbuddet har ingen delaftale {submission.lot_id}"
        raise InvalidInput([("body.lot_id", *no_lot)])
    problems: list[tuple[str, str] | tuple[str, str, str]] = [
        ("body.social_commitments", f"unknown proxy code {code}", f"ukendt proxykode {code}")
        for code in domain.unknown_proxies(content, lot.evaluation_model.get("proxy_values", {}))
    ]
    members = submission.consortium.members if submission.consortium else []
    problems += [p for i, m in enumerate(members) for p in identity_problems(m, f"body.consortium.members[{i}]")]
    problems += [
        p for i, s in enumerate(submission.subcontractors) for p in identity_problems(s, f"body.subcontractors[{i}]")
    ]
    shares = sum((s.share_pct or Decimal(0) for s in submission.subcontractors), Decimal(0))
    if shares > 100:
        too_much = f"the subcontractors' shares add up to {shares} %, more than the whole contract"
        problems.append(
            ("body.subcontractors", too_much, f"underleverandørernes andele er {shares} %, mere end hele kontrakten")
        )
    if submission.consortium and submission.consortium.lead not in {m.name for m in members}:
        lead = "the lead is one of the members, by name", "den ledende deltager er et af medlemmerne, ved navn"
        problems.append(("body.consortium.lead", *lead))
    if problems:
        raise InvalidInput(problems)


def _receipt_of(bid: Bid) -> dict[str, Any]:
    return bid.model_dump(mode="json", include={"bid_id", "tender_id", "lot_id", "received_at", "commitment_sha256"})
