"""The officers' flows of publishing a tender, on SQLite and on a real PostgreSQL, each database built by the
service's own migrations: frozen models and amendments, warnings, proxy table versions, questions,
cancellation, and the Art. 77 three-year rule."""

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Connection

from services.procurement.deadline_clock import DeadlineClock
from services.scoring.domain import evaluate
from shared import events
from shared.clock import ManualClock
from shared.evaluation import load_request_json, parse_request
from shared.migrations import drift
from tests.support.component import InMemoryService
from tests.support.identities import bearer
from tests.support.samples import NOW
from tests.support.tenders import OFFERS, OFFICER, as_bidder, consensus, golden_model, park_tender

BIDDER = bearer("bidder", "tilbud@13748136.example.dk", "some-enterprise")


async def publish(service: InMemoryService, draft: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    created = await service.http.post("/tenders", json=draft, headers=OFFICER)
    assert created.status_code == 201, created.text
    published = await service.http.post(f"/tenders/{created.json()['id']}/publish", headers=OFFICER)
    assert published.status_code == 200, published.text
    return created.json()["id"], published.json()


async def test_the_migrations_build_exactly_the_tables_in_code(procurement: InMemoryService) -> None:
    def differences(connection: Connection) -> list[object]:
        return drift(connection, procurement.runtime.metadata)

    async with procurement.runtime.engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_a_published_model_changes_only_by_an_amendment_which_moves_the_deadline(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    tender_id, _ = await publish(procurement, park_tender(NOW + timedelta(days=35)))
    revised = await procurement.http.put(
        f"/tenders/{tender_id}", json=park_tender(NOW + timedelta(days=40)), headers=OFFICER
    )
    assert revised.status_code == 409
    assert "only through an amendment" in revised.json()["detail"]

    clock.advance(timedelta(days=32))  # three days before the deadline
    model = golden_model()
    model["criteria"][0]["params"] = {"slope": "1.0"}
    lots = [{"lot_id": "1", "title": "Parkpleje", "evaluation_model": model}]
    amended = await procurement.http.post(
        f"/tenders/{tender_id}/amendments",
        json={"summary": "Prisens hældning ændret til 1,0", "lots": lots},
        headers=OFFICER,
    )
    assert amended.status_code == 201, amended.text
    assert amended.json()["deadline_moved"] is True
    tender = (await procurement.http.get(f"/tenders/{tender_id}")).json()
    assert tender["deadline"].startswith((clock.now() + timedelta(days=6)).strftime("%Y-%m-%dT%H:%M"))
    assert tender["lots"][0]["evaluation_model"]["criteria"][0]["params"] == {"slope": "1.0"}
    [told] = await procurement.told(events.TenderAmended)
    assert told.payload.deadline_moved
    assert told.payload.changed == ["lots"]
    assert told.payload.lots is not None
    assert told.payload.lots[0].evaluation_model["criteria"][0]["params"] == {"slope": "1.0"}


async def test_an_officer_may_keep_the_deadline_with_a_recorded_reason(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    tender_id, _ = await publish(procurement, park_tender(NOW + timedelta(days=35)))
    clock.advance(timedelta(days=33))
    body = {"summary": "Stavefejl rettet", "description": "Pleje af parker.", "keep_deadline_reason": "a typo only"}
    amended = await procurement.http.post(f"/tenders/{tender_id}/amendments", json=body, headers=OFFICER)
    assert amended.json()["deadline_moved"] is False
    kept = (await procurement.http.get(f"/tenders/{tender_id}")).json()["deadline"]
    assert kept == (NOW + timedelta(days=35)).strftime("%Y-%m-%dT%H:%M:%SZ")


async def test_an_invalid_model_is_refused_with_every_problem(procurement: InMemoryService) -> None:
    model = golden_model()
    model["criteria"][0]["weight"] = "0.35"  # weights now sum to 0.95
    model["criteria"][2]["method"] = "magic"
    draft = park_tender(NOW + timedelta(days=35), lots=[{"lot_id": "1", "title": "P", "evaluation_model": model}])
    response = await procurement.http.post("/tenders", json=draft, headers=OFFICER)
    assert response.status_code == 422
    messages = {problem["message"] for problem in response.json()["problems"]}
    assert "body.lots[0].evaluation_model.criteria: weights sum to 0.95, not 1" in messages
    assert any(m.startswith("body.lots[0].evaluation_model.criteria[2].method: unknown method magic") for m in messages)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, set()),  # an open procedure of DKK 2.6 m with a training clause and 35 days
        ({"procedure": "pilot_purchase", "estimated_value_dkk": "1300000"}, {"near_eu_threshold"}),
        ({"procedure": "below_threshold", "estimated_value_dkk": "2000000"}, {"above_eu_threshold"}),
        ({"estimated_value_dkk": "6000000", "social_clauses": []}, {"training_clause_missing"}),
        ({"deadline_days": 20}, {"submission_time_limit_too_short"}),
    ],
)
async def test_warnings_appear_when_they_should_and_not_otherwise(
    procurement: InMemoryService, changes: dict[str, Any], expected: set[str]
) -> None:
    changes = dict(changes)  # the parameter is shared by both databases' runs
    days = changes.pop("deadline_days", 35)
    draft = park_tender(NOW + timedelta(days=days), **changes)
    saved = await procurement.http.post("/tenders", json=draft, headers=OFFICER)
    assert saved.status_code == 201, saved.text
    checked = {"near_eu_threshold", "above_eu_threshold", "training_clause_missing", "submission_time_limit_too_short"}
    assert {w["code"] for w in saved.json()["warnings"]} & checked == expected
    published = await procurement.http.post(f"/tenders/{saved.json()['id']}/publish", headers=OFFICER)
    assert {w["code"] for w in published.json()["warnings"]} & checked == expected


async def test_a_new_proxy_table_version_leaves_published_tenders_untouched(procurement: InMemoryService) -> None:
    published_id, _ = await publish(procurement, park_tender(NOW + timedelta(days=35)))
    shipped = (await procurement.http.get("/proxy-tables/DK-2026.1")).json()
    rows = [{**row, "value_dkk": "150000"} if row["code"] == "DK_LTU_HIRE" else row for row in shipped["rows"]]
    added = await procurement.http.post(
        "/proxy-tables", json={"version": "DK-2027.1", "title": "New", "rows": rows}, headers=OFFICER
    )
    assert added.status_code == 201, added.text
    again = await procurement.http.post(
        "/proxy-tables", json={"version": "DK-2027.1", "title": "x", "rows": rows}, headers=OFFICER
    )
    assert again.status_code == 409, "a version is never changed"

    old = (await procurement.http.get(f"/tenders/{published_id}")).json()
    assert old["proxy_table_version"] == "DK-2026.1"
    assert old["lots"][0]["evaluation_model"]["proxy_values"]["DK_LTU_HIRE"] == "122000"
    new_id = (
        await procurement.http.post("/tenders", json=park_tender(NOW + timedelta(days=35)), headers=OFFICER)
    ).json()["id"]
    new = (await procurement.http.get(f"/tenders/{new_id}", headers=OFFICER)).json()
    assert (new["proxy_table_version"], new["lots"][0]["evaluation_model"]["proxy_values"]["DK_LTU_HIRE"]) == (
        "DK-2027.1",
        "150000",
    )


async def test_proxy_values_are_not_the_officers_to_set(procurement: InMemoryService) -> None:
    model = {**golden_model(), "proxy_values": {"DK_LTU_HIRE": "999999"}}
    draft = park_tender(NOW + timedelta(days=35), lots=[{"lot_id": "1", "title": "P", "evaluation_model": model}])
    response = await procurement.http.post("/tenders", json=draft, headers=OFFICER)
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"] == "body.lots[0].evaluation_model.proxy_values"


async def test_questions_are_answered_to_all_without_naming_the_asker(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    tender_id, _ = await publish(procurement, park_tender(NOW + timedelta(days=35)))
    bidder_id = await register(procurement, "Grøn Service A/S", "13748136")
    asked = await procurement.http.post(
        f"/tenders/{tender_id}/questions",
        json={"question": "Må vi bruge underleverandører?"},
        headers=as_bidder(bidder_id),
    )
    question_id = asked.json()["id"]
    assert (await procurement.http.get(f"/tenders/{tender_id}/questions", headers=BIDDER)).json() == []

    clock.advance(timedelta(days=30))  # five days before the deadline
    answered = await procurement.http.post(
        f"/tenders/{tender_id}/questions/{question_id}/answer", json={"answer": "Ja."}, headers=OFFICER
    )
    assert [w["code"] for w in answered.json()["warnings"]] == ["late_answer"]
    [public] = (await procurement.http.get(f"/tenders/{tender_id}/questions", headers=BIDDER)).json()
    assert public["answer"] == "Ja."
    assert "asked_by" not in public
    [told] = await procurement.told(events.QuestionAnswered)
    assert bidder_id not in told.model_dump_json(), "who asked is never told"
    [seen_by_officer] = (await procurement.http.get(f"/tenders/{tender_id}/questions", headers=OFFICER)).json()
    assert seen_by_officer["asked_by"] == bidder_id


async def test_a_cancelled_tender_takes_no_bids(procurement: InMemoryService) -> None:
    tender_id, _ = await publish(procurement, park_tender(NOW + timedelta(days=35)))
    cancelled = await procurement.http.post(
        f"/tenders/{tender_id}/cancel", json={"reason": "Behovet er bortfaldet"}, headers=OFFICER
    )
    assert cancelled.json()["status"] == "cancelled"
    bidder_id = await register(procurement, "Grøn Service A/S", "13748136")
    bid = await procurement.http.post(
        f"/tenders/{tender_id}/bids", json={"price": "1000000"}, headers=as_bidder(bidder_id)
    )
    assert bid.status_code == 409
    [told] = await procurement.told(events.TenderCancelled)
    assert told.payload.reason == "Behovet er bortfaldet"


async def test_art77_refuses_a_second_reserved_award_to_the_same_organisation_within_three_years(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    reserved = {"reservation": "art77", "cpv_codes": ["85311000-2"], "procedure": "light_regime"}
    bidders = {name: await register(procurement, name, cvr) for name, cvr, *_ in OFFERS}
    first = await award_first(procurement, clock, park_tender(NOW + timedelta(days=35), **reserved), bidders)
    assert first.status_code == 200, first.text
    assert first.json()["winner"] == "Jobværkstedet ApS"

    clock.advance(timedelta(days=365))
    second = await award_first(procurement, clock, park_tender(clock.now() + timedelta(days=35), **reserved), bidders)
    assert second.status_code == 409
    assert "Art. 77" in second.json()["detail"]


async def test_art77_is_for_three_years_and_the_listed_services(procurement: InMemoryService) -> None:
    draft = park_tender(NOW + timedelta(days=35), reservation="art77", contract_end="2031-03-31")
    response = await procurement.http.post("/tenders", json=draft, headers=OFFICER)
    assert response.status_code == 422
    assert {p["path"] for p in response.json()["problems"]} == {"body.contract_end", "body.cpv_codes"}


async def register(service: InMemoryService, name: str, cvr: str) -> str:
    response = await service.http.post("/bidders", json={"name": name, "cvr": cvr, "email": f"tilbud@{cvr}.example.dk"})
    return str(response.json()["id"])


async def award_first(
    service: InMemoryService, clock: ManualClock, draft: dict[str, Any], bidders: dict[str, str]
) -> Any:
    """Publish, bid, close, evaluate (with the real engine answering) and award: the award decision's response."""
    tender_id, _ = await publish(service, draft)
    for name, _, price, commitments, _ in OFFERS:
        body = {
            "price": price,
            "social_commitments": [{"proxy": p, "quantity": q} for p, q in commitments],
        }
        submitted = await service.http.post(f"/tenders/{tender_id}/bids", json=body, headers=as_bidder(bidders[name]))
        assert submitted.status_code == 201, submitted.text
    clock.advance(timedelta(days=36))
    await DeadlineClock(service.runtime, service.app.state.store, service.app.state.vault).close_due_tenders()
    opened = (await service.http.get(f"/tenders/{tender_id}/bids", headers=OFFICER)).json()
    quality = {bidders[name]: points for name, *_, points in OFFERS}
    agreed = consensus({bid["bid_id"]: quality[bid["bidder_id"]] for bid in opened})
    assert (
        await service.http.post(f"/tenders/{tender_id}/lots/1/consensus", json=agreed, headers=OFFICER)
    ).status_code == 200
    await service.http.post(f"/tenders/{tender_id}/lots/1/evaluations", headers=OFFICER)
    request = (await service.told(events.EvaluationRequested))[-1]
    result = evaluate(parse_request(load_request_json(json.dumps(request.payload)))).to_document()
    answer = {"tender_id": tender_id, "lot_id": "1", "request_event_id": str(request.event_id), "result": result}
    await service.deliver(
        events.EvaluationCompleted(
            occurred_at=clock.now(),
            correlation_id="c",
            actor=events.Actor(kind="service", id="scoring"),
            payload=answer,
        )
    )
    if draft.get("reservation", "none") != "none":  # a reserved contract goes only to a bid assessed eligible
        for bid in opened:
            eligible = {"aspect": "eligibility", "outcome": "eligible"}
            marked = await service.http.post(
                f"/tenders/{tender_id}/bids/{bid['bid_id']}/assessments", json=eligible, headers=OFFICER
            )
            assert marked.status_code in (200, 201), marked.text
    return await service.http.post(f"/tenders/{tender_id}/lots/1/award", json={}, headers=OFFICER)
