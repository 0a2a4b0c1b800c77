"""From opened bids to a signed contract, through all four services on the real broker: conflict declarations,
evaluator points with justifications, consensus, compliance, evaluation, award, notices with own scores, the
winner's advantages and complaint guidance, the standstill end, and signing refused before it and allowed after.
The clock is moved; nothing sleeps."""

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from services.procurement.domain.standstill import NoticeChannel, notified_on, standstill_end
from shared.clock import ManualClock
from tests.support.identities import bearer
from tests.support.kafka import eventually
from tests.support.samples import NOW
from tests.support.suite import SuiteInProcess, suite_in_process
from tests.support.tenders import OFFERS, OFFICER, as_bidder, consensus, park_tender, register_and_bid

OFFICER_ID, METTE_ID, LARS_ID = "anne.officer@kolding.dk", "mette.evaluator@kolding.dk", "lars.evaluator@kolding.dk"
AUDITOR = bearer("auditor", "revisor-1")
METTE = bearer("evaluator", METTE_ID)
LARS = bearer("evaluator", LARS_ID)


@pytest.fixture
async def suite(kafka_bootstrap: str, tmp_path: Path) -> AsyncIterator[SuiteInProcess]:
    async with suite_in_process(kafka_bootstrap, tmp_path, ManualClock(NOW)) as running:
        yield running


async def json_when(fetch: Callable[[], Any], accept: Callable[[Any], bool], timeout: float = 30) -> Any:
    async def check() -> Any:
        response = await fetch()
        return response.json() if response.status_code == 200 and accept(response.json()) else None

    return await eventually(check, timeout=timeout)


async def test_from_opened_bids_to_a_signed_contract(suite: SuiteInProcess) -> None:
    procurement, notifications, audit = suite["procurement"], suite["notifications"], suite["audit"]
    tender_id = (
        await procurement.post("/tenders", json=park_tender(NOW + timedelta(days=35)), headers=OFFICER)
    ).json()["id"]
    await procurement.post(f"/tenders/{tender_id}/publish", headers=OFFICER)
    bidder_of, bid_of = await register_and_bid(procurement, tender_id)
    suite.clock.advance(timedelta(days=36))
    await json_when(lambda: procurement.get(f"/tenders/{tender_id}"), lambda t: t["status"] == "closed")
    # The committee: no bid is seen before the declaration; a declared conflict removes the evaluator.
    for evaluator_id in (METTE_ID, LARS_ID):
        await procurement.post(f"/tenders/{tender_id}/committee", json={"evaluator_id": evaluator_id}, headers=OFFICER)
    assert (await procurement.get(f"/tenders/{tender_id}/bids", headers=METTE)).status_code == 403
    await procurement.post(f"/tenders/{tender_id}/committee/declaration", json={"has_conflict": False}, headers=METTE)
    conflict = {"has_conflict": True, "details": "Min bror ejer Park & Vej A/S"}
    await procurement.post(f"/tenders/{tender_id}/committee/declaration", json=conflict, headers=LARS)
    assert (await procurement.get(f"/tenders/{tender_id}/bids", headers=METTE)).status_code == 200
    assert (await procurement.get(f"/tenders/{tender_id}/bids", headers=LARS)).status_code == 403

    # Points, each with a written justification; then the consensus and the compliance marks.
    points = f"/tenders/{tender_id}/lots/1/points"
    unjustified = {"bid_id": bid_of["Park & Vej A/S"], "criterion_id": "quality", "points": "8", "justification": " "}
    assert (await procurement.post(points, json=unjustified, headers=METTE)).status_code == 422
    for name, *_, quality in OFFERS:
        entry = {
            "bid_id": bid_of[name],
            "criterion_id": "quality",
            "points": quality,
            "justification": f"Plan {quality}",
        }
        assert (await procurement.post(points, json=entry, headers=METTE)).status_code == 201
    entry = {"bid_id": bid_of["Park & Vej A/S"], "criterion_id": "quality", "points": "8", "justification": "x"}
    assert (await procurement.post(points, json=entry, headers=LARS)).status_code == 403
    agreed = consensus({bid_of[name]: quality for name, *_, quality in OFFERS})
    await procurement.post(f"/tenders/{tender_id}/lots/1/consensus", json=agreed, headers=OFFICER)
    for bid_id in bid_of.values():
        mark = {"aspect": "compliance", "outcome": "compliant"}
        assert (
            await procurement.post(f"/tenders/{tender_id}/bids/{bid_id}/assessments", json=mark, headers=OFFICER)
        ).status_code == 201

    # Evaluation and award.
    evaluations = f"/tenders/{tender_id}/lots/1/evaluations"
    await procurement.post(evaluations, headers=OFFICER)
    [run] = await json_when(
        lambda: procurement.get(evaluations, headers=OFFICER), lambda runs: runs[0]["status"] == "completed"
    )
    assert run["result"]["ranking"][0]["bid_id"] == bid_of["Jobværkstedet ApS"]
    award = (await procurement.post(f"/tenders/{tender_id}/lots/1/award", json={}, headers=OFFICER)).json()
    assert award["winner"] == "Jobværkstedet ApS"

    # Every bidder's notice: its own scores, the winner and its advantages, how to complain.
    decided = await json_when(
        lambda: procurement.get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER),
        lambda a: a["standstill_ends_at"],
    )
    second = bidder_of["Park & Vej A/S"]
    loser = await json_when(
        lambda: notifications.get(f"/recipients/{second}/inbox", headers=as_bidder(second)),
        lambda inbox: any(m["kind"] == "award_notice" for m in inbox),
    )
    notice = next(m for m in loser if m["kind"] == "award_notice")["body_text"]
    for expected in ("Jobværkstedet ApS", "7,33", "7,75", "Klagenævnet for Udbud"):
        assert expected in notice, f"the notice states {expected}"
    assert "10,00" in notice, "the winner's advantage on social value, in numbers"

    # The standstill: computed from the Copenhagen date the notices went out; signing waits for its end.
    expected_end = standstill_end(notified_on(suite.clock.now()), NoticeChannel.ELECTRONIC)
    assert datetime.fromisoformat(decided["standstill_ends_at"].replace("Z", "+00:00")) == expected_end
    refused = await procurement.post(f"/tenders/{tender_id}/lots/1/contract", headers=OFFICER)
    assert refused.status_code == 409
    assert "standstill" in refused.json()["detail"]
    suite.clock.set(expected_end + timedelta(seconds=1))
    signed = await procurement.post(f"/tenders/{tender_id}/lots/1/contract", headers=OFFICER)
    assert signed.status_code == 201, signed.text
    assert {(t["proxy"], t["quantity"]) for t in signed.json()["targets"]} == {
        ("DK_LTU_HIRE", "3"),
        ("DK_FLEXJOB", "1"),
        ("DK_APPRENTICE_YEAR", "1"),
    }

    await every_step_is_audited_with_its_actor(audit, tender_id)


async def every_step_is_audited_with_its_actor(audit: Any, tender_id: str) -> None:
    timeline = await json_when(
        lambda: audit.get(f"/tenders/{tender_id}/timeline", headers=AUDITOR),
        lambda t: any(e["event_type"] == "procurement.contract-signed" for e in t["entries"]),
    )
    acted = {(e["event_type"], e["actor"]["id"]) for e in timeline["entries"]}
    for expected in [
        ("procurement.committee-member-assigned", OFFICER_ID),
        ("procurement.conflict-declared", METTE_ID),
        ("procurement.conflict-declared", LARS_ID),
        ("procurement.points-entered", METTE_ID),
        ("procurement.consensus-recorded", OFFICER_ID),
        ("procurement.bid-assessed", OFFICER_ID),
        ("procurement.evaluation-requested", OFFICER_ID),
        ("procurement.award-decided", OFFICER_ID),
        ("procurement.standstill-started", "procurement"),
        ("procurement.contract-signed", OFFICER_ID),
    ]:
        assert expected in acted, f"the audit log holds {expected}"
