"""What the server decides (times of receipt, statuses, identities, commitments, scores) a client can never set:
the request models forbid unknown fields, so trying is a 422 that names the field, and nothing is stored."""

from datetime import timedelta

import pytest

from tests.support.component import InMemoryService
from tests.support.samples import NOW
from tests.support.tenders import OFFICER, as_bidder, create_published_tender, park_tender, register

BID = {"price": "2400000"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("received_at", "2026-01-01T00:00:00Z"),
        ("bidder_id", "someone-else"),
        ("status", "opened"),
        ("commitment_sha256", "0" * 64),
        ("bid_id", "my-own-id"),
        ("score", "10"),
    ],
)
async def test_a_bid_cannot_carry_what_the_server_decides(procurement: InMemoryService, field: str, value: str) -> None:
    tender_id = await create_published_tender(procurement.http)
    bidder_id = await register(procurement.http, "Grøn Service A/S", "13748136")
    response = await procurement.http.post(
        f"/tenders/{tender_id}/bids", json={**BID, field: value}, headers=as_bidder(bidder_id)
    )
    assert response.status_code == 422, response.text
    [problem] = response.json()["problems"]
    assert problem["path"] == f"body.{field}"
    mine = await procurement.http.get(f"/tenders/{tender_id}/bids/mine", headers=as_bidder(bidder_id))
    assert mine.status_code == 404, "nothing was stored"


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "published"), ("published_at", "2026-01-01T00:00:00Z"), ("tender_id", "T-1"), ("closed_at", None)],
)
async def test_a_tender_draft_cannot_carry_what_the_server_decides(
    procurement: InMemoryService, field: str, value: str | None
) -> None:
    draft = {**park_tender(NOW + timedelta(days=30)), field: value}
    response = await procurement.http.post("/tenders", json=draft, headers=OFFICER)
    assert response.status_code == 422, response.text
    assert [p["path"] for p in response.json()["problems"]] == [f"body.{field}"]
    assert (await procurement.http.get("/tenders", headers=OFFICER)).json() == []


async def test_a_bidder_cannot_choose_its_own_id(procurement: InMemoryService) -> None:
    body = {"name": "Grøn Service A/S", "cvr": "13748136", "email": "a@b.dk", "id": "chosen"}
    response = await procurement.http.post("/bidders", json=body)
    assert response.status_code == 422, response.text
    assert [p["path"] for p in response.json()["problems"]] == ["body.id"]
