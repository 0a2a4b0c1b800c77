"""The impact dashboard, open to anyone: a signed contract's promised and delivered social value as procurement
measures it, the three tracks, and the exports."""

import html
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from services.portal.domain import kroner
from services.portal.main import create_app
from services.portal.settings import Settings
from shared.clock import ManualClock
from tests.support.component import InMemoryService
from tests.support.contract_flow import close_at_deadline, evaluate_and_award, sign_after_standstill
from tests.support.identities import ISSUER
from tests.support.samples import NOW
from tests.support.tenders import OFFICER, as_bidder, park_tender


@pytest.fixture
async def public(procurement: InMemoryService) -> AsyncIterator[httpx.AsyncClient]:
    """The portal as anyone on the internet reaches it: no sign-in."""
    settings = Settings(auth_jwks_file=ISSUER.jwks_file, log_json=False)
    app = create_app(settings, transports={"procurement": httpx.ASGITransport(app=procurement.app)})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal.test") as client:
        yield client


async def a_contract_with_a_verified_report(service: InMemoryService, clock: ManualClock) -> str:
    draft = park_tender(NOW + timedelta(days=35), contract_start="2027-01-01", contract_end="2027-09-30")
    tender_id = (await service.http.post("/tenders", json=draft, headers=OFFICER)).json()["id"]
    await service.http.post(f"/tenders/{tender_id}/publish", headers=OFFICER)
    registration = {"name": "Jobværkstedet ApS", "cvr": "13585628", "email": "t@j.dk", "rsv_registered": True}
    supplier = (await service.http.post("/bidders", json=registration)).json()["id"]
    bid = {"price": "2760000", "social_commitments": [{"proxy": "DK_LTU_HIRE", "quantity": "2"}]}
    bid_id = (await service.http.post(f"/tenders/{tender_id}/bids", json=bid, headers=as_bidder(supplier))).json()[
        "bid_id"
    ]
    await close_at_deadline(service, clock, timedelta(days=36))
    contract_id = await sign_after_standstill(
        service, clock, tender_id, await evaluate_and_award(service, clock, tender_id, {bid_id: "7"})
    )
    clock.advance(timedelta(days=100))  # the first quarter has ended
    lines = [{"proxy": "DK_LTU_HIRE", "quantity": "0.5", "evidence": ["ansættelseskontrakt"]}]
    reported = await service.http.post(
        f"/contracts/{contract_id}/reports", json={"period_index": 1, "lines": lines}, headers=as_bidder(supplier)
    )
    assert reported.status_code == 201, reported.text
    review = f"/contracts/{contract_id}/reports/{reported.json()['report_id']}/review"
    assert (await service.http.post(review, json={"verified": True}, headers=OFFICER)).status_code == 200
    return contract_id


async def test_anyone_sees_promised_against_delivered_and_the_tracks(
    public: httpx.AsyncClient, procurement: InMemoryService, clock: ManualClock
) -> None:
    await a_contract_with_a_verified_report(procurement, clock)
    measured = (await procurement.http.get("/impact")).json()
    [contract] = measured["contracts"]
    page = await public.get("/impact")
    assert page.status_code == 200, page.text
    text = " ".join(html.unescape(page.text).split())
    assert "Jobværkstedet ApS" in text
    assert kroner(contract["promised_dkk"]) in text
    assert kroner(contract["delivered_dkk"]) in text
    hires = f"{float(contract['delivered']['DK_LTU_HIRE']):.2f}"
    assert f"Ansatte fra kanten af arbejdsmarkedet</dt><dd>{hires} årsværk" in text, "the people track"
    assert hires == "0.50"
    exported = await public.get("/impact/export.csv")
    assert exported.status_code == 200
    assert "Jobværkstedet ApS" in exported.text
