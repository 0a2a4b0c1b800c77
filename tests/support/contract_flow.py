"""The steps from a closed deadline to a signed contract, on one procurement service in memory: the clock closes
the tender, the committee's consensus goes to a scoring run (the scoring engine answers as the service would),
the officer decides the award, the notices go out and the contract is signed once the standstill has run out."""

import json
from datetime import timedelta
from typing import Any

from services.procurement.deadline_clock import DeadlineClock
from services.scoring.domain import evaluate
from shared import events
from shared.clock import ManualClock
from shared.evaluation import load_request_json, parse_request
from tests.support.component import InMemoryService
from tests.support.tenders import OFFICER, consensus, create_published_tender, register_and_bid

SCORING = events.Actor(kind="service", id="scoring")


async def close_at_deadline(service: InMemoryService, clock: ManualClock, after: timedelta) -> list[str]:
    """Let `after` pass and run one pass of the deadline clock: the tenders it closed."""
    clock.advance(after)
    app = service.app
    return await DeadlineClock(service.runtime, app.state.store, app.state.vault).close_due_tenders()


async def evaluate_and_award(
    service: InMemoryService, clock: ManualClock, tender_id: str, quality_by_bid: dict[str, str]
) -> dict[str, Any]:
    """Consensus points, a scoring run answered with the engine's result, and the award on it."""
    await evaluated(service, clock, tender_id, quality_by_bid)
    award = await service.http.post(f"/tenders/{tender_id}/lots/1/award", json={}, headers=OFFICER)
    assert award.status_code == 200, award.text
    decided: dict[str, Any] = award.json()
    return decided


async def evaluated(
    service: InMemoryService, clock: ManualClock, tender_id: str, quality_by_bid: dict[str, str], lot_id: str = "1"
) -> dict[str, Any]:
    """Consensus points and a scoring run of the lot answered with the engine's result: the result."""
    agreed = consensus(quality_by_bid)
    lot = f"/tenders/{tender_id}/lots/{lot_id}"
    recorded = await service.http.post(f"{lot}/consensus", json=agreed, headers=OFFICER)
    assert recorded.status_code == 200, recorded.text
    asked = await service.http.post(f"{lot}/evaluations", headers=OFFICER)
    assert asked.status_code == 202, asked.text
    request = (await service.told(events.EvaluationRequested))[-1]
    result = evaluate(parse_request(load_request_json(json.dumps(request.payload)))).to_document()
    answer = {"tender_id": tender_id, "lot_id": lot_id, "request_event_id": str(request.event_id), "result": result}
    await service.deliver(
        events.EvaluationCompleted(occurred_at=clock.now(), correlation_id="c", actor=SCORING, payload=answer)
    )
    return result


async def sign_after_standstill(
    service: InMemoryService, clock: ManualClock, tender_id: str, award: dict[str, Any]
) -> str:
    """The notices dispatched, the standstill run out, the contract signed: its id."""
    dispatched = {
        "tender_id": tender_id,
        "lot_id": "1",
        "award_event_id": award["award_event_id"],
        "dispatched_at": clock.now(),
    }
    await service.deliver(
        events.AwardNoticesDispatched(occurred_at=clock.now(), correlation_id="c", actor=SCORING, payload=dispatched)
    )
    clock.advance(timedelta(days=16))
    signed = await service.http.post(f"/tenders/{tender_id}/lots/1/contract", headers=OFFICER)
    assert signed.status_code == 201, signed.text
    return str(signed.json()["contract_id"])


async def evaluated_tender(
    service: InMemoryService, clock: ManualClock, quality: tuple[str, ...] = ("7", "7", "7")
) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The park tender published, the three OFFERS bid, the deadline passed and lot 1 evaluated with the
    committee's `quality` points (in OFFERS' order): the tender id, the bids by bidder name, the result."""
    tender_id = await create_published_tender(service.http)
    _, bid_of = await register_and_bid(service.http, tender_id)
    await close_at_deadline(service, clock, timedelta(days=31))
    result = await evaluated(service, clock, tender_id, dict(zip(bid_of.values(), quality, strict=True)))
    return tender_id, bid_of, result
