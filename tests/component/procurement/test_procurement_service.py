"""The procurement service on its own: tender → bids → deadline → evaluation request → answer → award
(in-memory broker, real SQLite, the manual clock)."""

import hashlib
import html
import json
from datetime import timedelta

from services.procurement.deadline_clock import DeadlineClock
from services.scoring.domain import evaluate
from shared import events
from shared.clock import ManualClock
from shared.evaluation import load_request_json, parse_request
from tests.support.component import InMemoryService
from tests.support.contract_flow import close_at_deadline, evaluated, evaluated_tender
from tests.support.samples import NOW
from tests.support.tenders import (
    OFFICER,
    as_bidder,
    consensus,
    create_published_tender,
    golden_model,
    park_tender,
    register,
)


async def test_an_invalid_model_cannot_be_saved_and_every_problem_is_named(procurement: InMemoryService) -> None:
    model = golden_model()
    model["criteria"][0]["weight"] = "0.35"
    model["criteria"][1]["method"] = "unknown"
    draft = park_tender(NOW + timedelta(days=30), lots=[{"lot_id": "1", "title": "L", "evaluation_model": model}])
    response = await procurement.http.post("/tenders", json=draft, headers=OFFICER)
    assert response.status_code == 422
    paths = {problem["path"] for problem in response.json()["problems"]}
    assert paths == {"body.lots[0].evaluation_model.criteria", "body.lots[0].evaluation_model.criteria[1].method"}
    assert (await procurement.http.get("/tenders", headers=OFFICER)).json() == []


async def test_publishing_twice_is_a_conflict(procurement: InMemoryService) -> None:
    tender_id = await create_published_tender(procurement.http)
    again = await procurement.http.post(f"/tenders/{tender_id}/publish", headers=OFFICER)
    assert again.status_code == 409
    assert "only a draft can be published" in again.json()["detail"]
    [published] = await procurement.told(events.TenderPublished)
    frozen = {**golden_model(), "proxy_values": published.payload.lots[0].evaluation_model["proxy_values"]}
    assert published.payload.lots[0].evaluation_model == frozen
    assert frozen["proxy_values"]["DK_LTU_HIRE"] == "122000", "the proxy values frozen from DK-2026.1"


async def test_a_danish_bidder_needs_a_valid_cvr(procurement: InMemoryService) -> None:
    response = await procurement.http.post("/bidders", json={"name": "X", "cvr": "12345678", "email": "a@b.dk"})
    assert response.status_code == 422
    [problem] = response.json()["problems"]
    assert problem["path"] == "body.cvr"
    assert "modulus-11" in problem["reason"]
    assert problem["reasons"]["da"] == "12345678 består ikke modulus-11-kontrollen; er et ciffer byttet?"


async def test_a_bid_at_deadline_minus_1_ms_is_in_and_at_the_deadline_late(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    tender_id = await create_published_tender(procurement.http, deadline_in=timedelta(hours=1))
    bidder_id = await register(procurement.http, "Grøn Service A/S", "13748136")
    bid = {"price": "2400000"}
    clock.set(NOW + timedelta(hours=1) - timedelta(milliseconds=1))
    on_time = await procurement.http.post(f"/tenders/{tender_id}/bids", json=bid, headers=as_bidder(bidder_id))
    assert on_time.status_code == 201, on_time.text
    clock.set(NOW + timedelta(hours=1))
    late = await procurement.http.post(f"/tenders/{tender_id}/bids", json=bid, headers=as_bidder(bidder_id))
    assert late.status_code == 409
    assert "late" in late.json()["detail"]


async def test_a_refusal_is_said_in_danish_to_whoever_asks_in_danish_and_in_both_to_everyone(
    procurement: InMemoryService,
) -> None:
    tender_id = await create_published_tender(procurement.http)
    publish = f"/tenders/{tender_id}/publish"
    danish = (await procurement.http.post(publish, headers={**OFFICER, "Accept-Language": "da-DK,en;q=0.5"})).json()
    assert danish["detail"] == "udbuddet er offentliggjort; kun en kladde kan offentliggøres"
    english = (await procurement.http.post(publish, headers={**OFFICER, "Accept-Language": "en-GB,da;q=0.5"})).json()
    assert english["detail"] == "the tender is published, only a draft can be published"
    assert danish["messages"] == english["messages"] == {"da": danish["detail"], "en": english["detail"]}
    unnamed = (await procurement.http.post(publish, headers=OFFICER)).json()
    assert unnamed["detail"] == english["detail"], "a caller that names no language is answered in English"


async def test_a_missing_or_unreadable_field_is_named_in_danish_too(procurement: InMemoryService) -> None:
    response = await procurement.http.post(
        "/bidders", json={"name": "X ApS", "email": "a@b.dk", "rsv_registered": "måske"}
    )
    problems = {problem["path"]: problem for problem in response.json()["problems"]}
    assert response.status_code == 422
    assert problems["body.rsv_registered"]["reasons"]["da"] == "skal være ja eller nej"
    assert problems["body.rsv_registered"]["reasons"]["en"] == problems["body.rsv_registered"]["reason"]


async def test_the_receipt_commits_to_the_content_without_revealing_it(procurement: InMemoryService) -> None:
    tender_id = await create_published_tender(procurement.http)
    bidder_id = await register(procurement.http, "Grøn Service A/S", "13748136")
    bid = {
        "price": "2400000",
        "social_commitments": [{"proxy": "DK_APPRENTICE_YEAR", "quantity": "1"}],
    }
    receipt = (await procurement.http.post(f"/tenders/{tender_id}/bids", json=bid, headers=as_bidder(bidder_id))).json()
    [received] = await procurement.told(events.BidReceived)
    assert received.payload.commitment_sha256 == receipt["commitment_sha256"]
    assert "2400000" not in received.model_dump_json(), "the receipt event carries no content"
    sealed = await procurement.http.get(f"/tenders/{tender_id}/bids", headers=OFFICER)
    assert sealed.status_code == 409, "nobody reads a bid before the deadline"


async def test_the_lifecycle_from_publication_to_award(procurement: InMemoryService, clock: ManualClock) -> None:
    tender_id = await create_published_tender(procurement.http)
    offers = [
        ("Grøn Service A/S", "13748136", "2400000", [("DK_APPRENTICE_YEAR", "1")]),
        (
            "Jobværkstedet ApS",
            "13585628",
            "2760000",
            [("DK_LTU_HIRE", "3"), ("DK_FLEXJOB", "1"), ("DK_APPRENTICE_YEAR", "1")],
        ),
        ("Park & Vej A/S", "40084525", "2580000", [("DK_LTU_HIRE", "1"), ("DK_APPRENTICE_YEAR", "2")]),
    ]
    bid_ids = []
    for name, cvr, price, commitments in offers:
        bidder_id = await register(procurement.http, name, cvr)
        body = {
            "price": price,
            "social_commitments": [{"proxy": p, "quantity": q} for p, q in commitments],
        }
        submitted = await procurement.http.post(f"/tenders/{tender_id}/bids", json=body, headers=as_bidder(bidder_id))
        bid_ids.append(submitted.json()["bid_id"])

    clock.advance(timedelta(days=30))
    deadline_clock = DeadlineClock(procurement.runtime, procurement.app.state.store, procurement.app.state.vault)
    closed = await deadline_clock.close_due_tenders()  # one pass of the clock job's loop
    assert closed == [tender_id]
    [closing] = await procurement.told(events.TenderClosed)
    assert closing.payload.bids_opened == 3
    [opened] = await procurement.told(events.BidsOpened)
    for bid in opened.payload.bids:  # anyone can check each opened bid against its receipt, with the salt
        canonical = json.dumps(bid.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        assert hashlib.sha256(bytes.fromhex(bid.salt) + canonical).hexdigest() == bid.commitment_sha256

    agreed = consensus(dict(zip(bid_ids, ("6", "7", "8"), strict=True)))
    recorded = await procurement.http.post(f"/tenders/{tender_id}/lots/1/consensus", json=agreed, headers=OFFICER)
    assert recorded.status_code == 200, recorded.text
    asked = await procurement.http.post(f"/tenders/{tender_id}/lots/1/evaluations", headers=OFFICER)
    assert asked.status_code == 202, asked.text
    [requested] = await procurement.told(events.EvaluationRequested)
    result = evaluate(parse_request(load_request_json(json.dumps(requested.payload)))).to_document()
    await procurement.deliver(
        events.EvaluationCompleted(
            occurred_at=clock.now(),
            correlation_id=requested.correlation_id,
            actor=events.Actor(kind="service", id="scoring"),
            payload={
                "tender_id": tender_id,
                "lot_id": "1",
                "request_event_id": str(requested.event_id),
                "result": result,
            },
        )
    )
    [run] = (await procurement.http.get(f"/tenders/{tender_id}/lots/1/evaluations", headers=OFFICER)).json()
    assert run["status"] == "completed"

    award = await procurement.http.post(f"/tenders/{tender_id}/lots/1/award", json={}, headers=OFFICER)
    assert award.status_code == 200, award.text
    assert award.json()["winner"] == "Jobværkstedet ApS"
    [decided] = await procurement.told(events.AwardDecided)
    assert [(s.rank, str(s.total)) for s in decided.payload.standings] == [(1, "7.7500"), (2, "7.3272"), (3, "6.3232")]
    assert decided.actor.id == "anne.officer@kolding.dk"


async def test_a_winner_whose_documentation_fails_is_not_awarded_and_the_next_is_with_a_reason(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    tender_id, _, result = await evaluated_tender(procurement, clock)
    first, second = (entry["bid_id"] for entry in result["ranking"][:2])
    inconsistent = {"aspect": "documentation", "outcome": "inconsistent", "reason": "Serviceattest mangler"}
    marked = await procurement.http.post(
        f"/tenders/{tender_id}/bids/{first}/assessments", json=inconsistent, headers=OFFICER
    )
    assert marked.status_code in (200, 201), marked.text
    award = f"/tenders/{tender_id}/lots/1/award"
    refused = await procurement.http.post(award, json={}, headers={**OFFICER, "Accept-Language": "da"})
    assert refused.status_code == 409
    assert "bekræfter ikke dets egenerklæring" in refused.json()["detail"]
    reason = "Det højest rangerede tilbuds dokumentation bekræftede ikke egenerklæringen."
    decided = await procurement.http.post(award, json={"bid_id": second, "reason": reason}, headers=OFFICER)
    assert decided.status_code == 200, decided.text
    [told] = await procurement.told(events.AwardDecided)
    assert told.payload.winner_bid_id == second


async def test_the_evaluation_report_holds_the_decision_and_its_reasons_in_html_and_pdf(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    tender_id, bid_of, _ = await evaluated_tender(procurement, clock, quality=("6", "9", "4"))
    decided = await procurement.http.post(f"/tenders/{tender_id}/lots/1/award", json={}, headers=OFFICER)
    assert decided.status_code == 200, decided.text
    winner = decided.json()["winner"]

    report = await procurement.http.get(f"/tenders/{tender_id}/report", headers=OFFICER)
    assert report.status_code == 200
    text = " ".join(html.unescape(report.text).split())
    assert winner in text
    assert [name for name in bid_of if name not in text] == [], "every bidder is in the report"
    assert "Plejeplanen er vurderet til 9 point efter udbudsbetingelserne." in text, "the committee's reasons"
    english = await procurement.http.get(f"/tenders/{tender_id}/report", params={"lang": "en"}, headers=OFFICER)
    assert english.text != report.text
    pdf = await procurement.http.get(f"/tenders/{tender_id}/report.pdf", headers=OFFICER)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert pdf.content.rstrip().endswith(b"%%EOF")


async def test_each_lot_is_awarded_on_its_own_and_the_tender_when_its_last_lot_is(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    lots = [{"lot_id": lot, "title": f"Område {lot}", "evaluation_model": golden_model()} for lot in ("1", "2")]
    created = await procurement.http.post(
        "/tenders", json=park_tender(NOW + timedelta(days=30), lots=lots), headers=OFFICER
    )
    tender_id = created.json()["id"]
    assert (await procurement.http.post(f"/tenders/{tender_id}/publish", headers=OFFICER)).status_code == 200
    bid_of = {}
    for lot, (name, cvr) in zip(
        ("1", "2"), (("Grøn Service A/S", "13748136"), ("Park & Vej A/S", "40084525")), strict=True
    ):
        bidder = await register(procurement.http, name, cvr)
        sent = await procurement.http.post(
            f"/tenders/{tender_id}/bids", json={"lot_id": lot, "price": "2400000"}, headers=as_bidder(bidder)
        )
        bid_of[lot] = sent.json()["bid_id"]
    await close_at_deadline(procurement, clock, timedelta(days=31))

    for lot in ("1", "2"):
        await evaluated(procurement, clock, tender_id, {bid_of[lot]: "7"}, lot_id=lot)
        award = f"/tenders/{tender_id}/lots/{lot}/award"
        assert (await procurement.http.post(award, json={}, headers=OFFICER)).status_code == 200, lot
        status = (await procurement.http.get(f"/tenders/{tender_id}", headers=OFFICER)).json()["status"]
        assert status == ("awarded" if lot == "2" else "evaluated"), "awarded when the last lot is"
        again = await procurement.http.post(award, json={}, headers=OFFICER)
        assert (again.status_code, again.json()["detail"]) == (409, "the lot's award has already been decided")


async def test_subcontractors_cannot_share_more_than_the_whole_contract(procurement: InMemoryService) -> None:
    tender_id = await create_published_tender(procurement.http)
    bidder_id = await register(procurement.http, "Jobværkstedet ApS", "13585628")
    subcontractors = [
        {
            "name": "Grøn Hverdag ApS",
            "cvr": "40084525",
            "tasks": "Beskæring",
            "share_pct": "60",
            "social_economy": True,
        },
        {"name": "Park & Vej A/S", "cvr": "13748136", "tasks": "Græs", "share_pct": "50"},
    ]
    bid = {"price": "2400000", "subcontractors": subcontractors}
    refused = await procurement.http.post(f"/tenders/{tender_id}/bids", json=bid, headers=as_bidder(bidder_id))
    assert refused.status_code == 422
    [problem] = refused.json()["problems"]
    assert (problem["path"], problem["reasons"]["da"]) == (
        "body.subcontractors",
        "underleverandørernes andele er 110 %, mere end hele kontrakten",
    )
    subcontractors[1]["share_pct"] = "40"
    accepted = await procurement.http.post(f"/tenders/{tender_id}/bids", json=bid, headers=as_bidder(bidder_id))
    assert accepted.status_code == 201, accepted.text
