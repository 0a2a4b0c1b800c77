"""Who may call which procurement route, checked on every route the OpenAPI document lists, for every persona,
on real objects: two tenders (one awarded and under contract, one a draft) and two bidders (the supplier, whose
objects they are, and another). A route added without an entry here fails the test.

A persona the matrix lets through must get past the gate (any answer but 401, 403 or 404: a 409 for a closed
tender or a 422 for the empty body we send is fine); anyone else must be stopped with 401 without a token, and
403 or 404 with one. Requests carry an empty body, so a gate that validated the body first would show as a 422.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from shared.clock import ManualClock
from tests.support.component import InMemoryService
from tests.support.contract_flow import close_at_deadline, evaluate_and_award, sign_after_standstill
from tests.support.identities import bearer
from tests.support.routes import Route, routes_of
from tests.support.samples import NOW
from tests.support.tenders import OFFICER, as_bidder, park_tender

EVALUATOR_ID = "mette.evaluator@kolding.dk"
PERSONAS = ("anonymous", "officer", "auditor", "evaluator", "evaluator_elsewhere", "supplier", "other_bidder")
EVERYONE = frozenset(PERSONAS)
OFFICER_ONLY = frozenset({"officer"})
OVERSIGHT = frozenset({"officer", "auditor"})
COMMITTEE = frozenset({"officer", "auditor", "evaluator"})
BIDDERS = frozenset({"supplier", "other_bidder"})
CONTRACT_PARTIES = frozenset({"officer", "auditor", "supplier"})

MAY_PASS: dict[str, frozenset[str]] = {
    "GET /health": EVERYONE,
    "GET /ready": EVERYONE,
    "GET /tenders": EVERYONE,
    "POST /tenders": OFFICER_ONLY,
    "GET /tenders/{tender_id}": EVERYONE,
    "PUT /tenders/{tender_id}": OFFICER_ONLY,
    "POST /tenders/{tender_id}/publish": OFFICER_ONLY,
    "GET /tenders/{tender_id}/amendments": EVERYONE,
    "POST /tenders/{tender_id}/amendments": OFFICER_ONLY,
    "POST /tenders/{tender_id}/cancel": OFFICER_ONLY,
    "GET /tenders/{tender_id}/questions": EVERYONE,
    "POST /tenders/{tender_id}/questions": BIDDERS,
    "POST /tenders/{tender_id}/questions/{question_id}/answer": OFFICER_ONLY,
    "POST /bidders": EVERYONE,
    "GET /tenders/{tender_id}/bids": COMMITTEE,
    "POST /tenders/{tender_id}/bids": BIDDERS,
    "GET /tenders/{tender_id}/bids/mine": BIDDERS,
    "DELETE /tenders/{tender_id}/bids/mine": BIDDERS,
    "GET /tenders/{tender_id}/committee": COMMITTEE,
    "POST /tenders/{tender_id}/committee": OFFICER_ONLY,
    "POST /tenders/{tender_id}/committee/declaration": frozenset({"evaluator"}),
    "GET /tenders/{tender_id}/lots/{lot_id}/points": COMMITTEE,
    "POST /tenders/{tender_id}/lots/{lot_id}/points": frozenset({"evaluator"}),
    "POST /tenders/{tender_id}/lots/{lot_id}/consensus": OFFICER_ONLY,
    "POST /tenders/{tender_id}/bids/{bid_id}/assessments": OFFICER_ONLY,
    "GET /tenders/{tender_id}/assessments": OVERSIGHT,
    "GET /tenders/{tender_id}/lots/{lot_id}/evaluations": COMMITTEE,
    "POST /tenders/{tender_id}/lots/{lot_id}/evaluations": OFFICER_ONLY,
    "GET /tenders/{tender_id}/lots/{lot_id}/award": OVERSIGHT,
    "POST /tenders/{tender_id}/lots/{lot_id}/award": OFFICER_ONLY,
    "POST /tenders/{tender_id}/lots/{lot_id}/complaints": OFFICER_ONLY,
    "POST /tenders/{tender_id}/lots/{lot_id}/complaints/{complaint_id}/outcome": OFFICER_ONLY,
    "GET /tenders/{tender_id}/lots/{lot_id}/contract": OVERSIGHT,
    "POST /tenders/{tender_id}/lots/{lot_id}/contract": OFFICER_ONLY,
    "GET /contracts": CONTRACT_PARTIES | BIDDERS,  # a bidder sees its own contracts only (tested below)
    "GET /contracts/{contract_id}": CONTRACT_PARTIES,
    "POST /contracts/{contract_id}/reports": frozenset({"supplier"}),
    "POST /contracts/{contract_id}/reports/{report_id}/review": OFFICER_ONLY,
    "GET /contracts/{contract_id}/ocds": CONTRACT_PARTIES,
    "GET /impact": EVERYONE,
    "GET /impact/export.json": EVERYONE,
    "GET /impact/export.csv": EVERYONE,
    "GET /proxy-tables": EVERYONE,
    "POST /proxy-tables": OFFICER_ONLY,
    "GET /proxy-tables/{version}": EVERYONE,
    "GET /tenders/{tender_id}/report": OVERSIGHT,
    "GET /tenders/{tender_id}/report.pdf": OVERSIGHT,
}


@dataclass(frozen=True)
class World:
    """The objects the routes are called on, and each persona's Authorization header."""

    ids: dict[str, str]  # path parameter → the id of a real object (the supplier's, where it is a bidder's)
    draft_id: str
    headers: dict[str, dict[str, str]]


@pytest.fixture
async def world(procurement: InMemoryService, clock: ManualClock) -> tuple[InMemoryService, World]:
    return procurement, await build_world(procurement, clock)


async def build_world(service: InMemoryService, clock: ManualClock) -> World:
    http = service.http
    tender_id = await _created(http.post("/tenders", json=park_tender(NOW + timedelta(days=35)), headers=OFFICER))
    assert (await http.post(f"/tenders/{tender_id}/publish", headers=OFFICER)).status_code == 200
    draft_id = await _created(http.post("/tenders", json=park_tender(NOW + timedelta(days=60)), headers=OFFICER))
    supplier = await _created(http.post("/bidders", json={"name": "A", "cvr": "13585628", "email": "a@a.dk"}))
    other = await _created(http.post("/bidders", json={"name": "B", "cvr": "13748136", "email": "b@b.dk"}))
    question = await http.post(
        f"/tenders/{tender_id}/questions", json={"question": "Må vi bruge elmaskiner?"}, headers=as_bidder(supplier)
    )
    assert question.status_code == 201, question.text
    answered = await http.post(
        f"/tenders/{tender_id}/questions/{question.json()['id']}/answer", json={"answer": "Ja."}, headers=OFFICER
    )
    assert answered.status_code == 200, answered.text  # published to every bidder, without who asked
    bid_ids = {}
    for bidder, price in ((supplier, "2400000"), (other, "2500000")):
        body = {"price": price, "social_commitments": [{"proxy": "DK_LTU_HIRE", "quantity": "1"}]}
        bid = await http.post(f"/tenders/{tender_id}/bids", json=body, headers=as_bidder(bidder))
        assert bid.status_code == 201, bid.text
        bid_ids[bidder] = bid.json()["bid_id"]
    evaluator = bearer("evaluator", EVALUATOR_ID)
    assign = {"evaluator_id": EVALUATOR_ID}
    assert (await http.post(f"/tenders/{tender_id}/committee", json=assign, headers=OFFICER)).status_code == 201
    declared = await http.post(
        f"/tenders/{tender_id}/committee/declaration", json={"has_conflict": False}, headers=evaluator
    )
    assert declared.status_code == 200, declared.text

    assert await close_at_deadline(service, clock, timedelta(days=36)) == [tender_id]
    award = await evaluate_and_award(service, clock, tender_id, {bid_ids[supplier]: "8", bid_ids[other]: "5"})
    assert award["winner_bid_id"] == bid_ids[supplier], award
    contract_id = await sign_after_standstill(service, clock, tender_id, award)
    complaint = {"filed_on": "2027-02-01", "complainant": "B", "suspensive": False}
    complaint_id = (await http.post(f"/tenders/{tender_id}/lots/1/complaints", json=complaint, headers=OFFICER)).json()[
        "complaint_id"
    ]
    report = {"period_index": 0, "lines": [{"proxy": "DK_LTU_HIRE", "quantity": "1"}]}
    report_id = (await http.post(f"/contracts/{contract_id}/reports", json=report, headers=as_bidder(supplier))).json()[
        "report_id"
    ]
    ids = {
        "tender_id": tender_id,
        "lot_id": "1",
        "bid_id": bid_ids[supplier],
        "question_id": question.json()["id"],
        "complaint_id": complaint_id,
        "contract_id": contract_id,
        "report_id": report_id,
        "version": "DK-2026.1",
    }
    headers = {
        "anonymous": {},
        "officer": OFFICER,
        "auditor": bearer("auditor", "revisor@kolding.dk"),
        "evaluator": evaluator,
        "evaluator_elsewhere": bearer("evaluator", "lars.evaluator@kolding.dk"),
        "supplier": as_bidder(supplier),
        "other_bidder": as_bidder(other),
    }
    return World(ids, draft_id, headers)


async def _created(response: object) -> str:
    answered = await response  # type: ignore[misc]
    assert answered.status_code == 201, answered.text
    return str(answered.json()["id"])


async def _call(service: InMemoryService, route: Route, headers: dict[str, str], ids: dict[str, str]) -> int:
    body = {} if route.method in ("POST", "PUT") else None
    response = await service.http.request(route.method, route.url(**ids), json=body, headers=headers)
    return response.status_code


def _stopped(route: Route, persona: str, status: int) -> bool:
    if persona == "anonymous" and route.needs_token:
        return status == 401
    return status in (403, 404)


async def test_every_route_has_an_entry_and_the_matrix_names_no_route_that_is_gone(
    world: tuple[InMemoryService, World],
) -> None:
    service, _ = world
    listed = {str(route) for route in routes_of(service.app)}
    assert sorted(listed - MAY_PASS.keys()) == [], "routes without an entry in the access matrix"
    assert sorted(MAY_PASS.keys() - listed) == [], "entries for routes the service no longer has"


async def test_each_persona_gets_past_exactly_the_routes_the_matrix_allows(
    world: tuple[InMemoryService, World],
) -> None:
    service, objects = world
    wrong = []
    for route in routes_of(service.app):
        for persona in PERSONAS:
            status = await _call(service, route, objects.headers[persona], objects.ids)
            allowed = persona in MAY_PASS.get(str(route), frozenset())
            if (
                status >= 500
                or (allowed and status in (401, 403, 404))
                or (not allowed and not _stopped(route, persona, status))
            ):
                wrong.append(f"{route} as {persona}: {status} ({'allowed' if allowed else 'refused'} by the matrix)")
    assert wrong == []


async def test_a_draft_does_not_exist_for_anyone_but_officers_on_any_route_that_names_it(
    world: tuple[InMemoryService, World],
) -> None:
    service, objects = world
    seen = []
    for route in routes_of(service.app):
        if "{tender_id}" not in route.path:
            continue
        for persona in PERSONAS:
            if persona == "officer":
                continue
            status = await _call(
                service, route, objects.headers[persona], objects.ids | {"tender_id": objects.draft_id}
            )
            if status not in (401, 403, 404):
                seen.append(f"{route} as {persona}: {status}")
    assert seen == []
    listed = (await service.http.get("/tenders", headers=objects.headers["supplier"])).json()
    assert objects.draft_id not in {tender["tender_id"] for tender in listed}


async def test_one_bidder_sees_nothing_of_another_bidders_bid_contract_or_question(
    world: tuple[InMemoryService, World],
) -> None:
    service, objects = world
    other, supplier, tender_id = objects.headers["other_bidder"], objects.headers["supplier"], objects.ids["tender_id"]
    mine = (await service.http.get(f"/tenders/{tender_id}/bids/mine", headers=other)).json()
    assert mine["bid_id"] != objects.ids["bid_id"], "the other bidder reads its own bid, not the supplier's"
    assert (await service.http.get("/contracts", headers=other)).json() == []
    assert [c["contract_id"] for c in (await service.http.get("/contracts", headers=supplier)).json()] == [
        objects.ids["contract_id"]
    ]
    published = (await service.http.get(f"/tenders/{tender_id}/questions", headers=other)).json()
    assert published, "the answered question is public"
    assert all("asked_by" not in question for question in published), "bidders never see who asked"
