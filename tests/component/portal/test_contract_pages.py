"""Outcome reporting through the portal: the supplier reports a period's delivered outcomes with references to
evidence, the officer rejects it with a reason, the supplier corrects it, the officer verifies the correction,
and the impact dashboard counts the verified figures only. Another bidder cannot open the contract."""

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from services.portal.main import create_app
from services.portal.settings import Settings
from shared.clock import ManualClock
from tests.support.component import InMemoryService
from tests.support.contract_flow import close_at_deadline, evaluate_and_award, sign_after_standstill
from tests.support.identities import ISSUER
from tests.support.samples import NOW
from tests.support.tenders import OFFICER, park_tender

Browser = Callable[[], httpx.AsyncClient]


@pytest.fixture
async def browser_of(procurement: InMemoryService, tmp_path: Path) -> AsyncIterator[Browser]:
    settings = Settings(auth_jwks_file=ISSUER.jwks_file, dev_issuer_dir=ISSUER.folder, log_json=False)
    app = create_app(settings, transports={"procurement": httpx.ASGITransport(app=procurement.app)})
    clients: list[httpx.AsyncClient] = []

    def new() -> httpx.AsyncClient:
        clients.append(httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal.test"))
        return clients[-1]

    yield new
    for client in clients:
        await client.aclose()


async def contract_won_in_the_portal(
    browser_of: Browser, procurement: InMemoryService, clock: ManualClock
) -> tuple[httpx.AsyncClient, str]:
    draft = park_tender(NOW + timedelta(days=35), contract_start="2027-01-01", contract_end="2027-09-30")
    tender_id = (await procurement.http.post("/tenders", json=draft, headers=OFFICER)).json()["id"]
    await procurement.http.post(f"/tenders/{tender_id}/publish", headers=OFFICER)
    supplier = browser_of()
    registration = {"name": "Jobværkstedet ApS", "cvr": "13585628", "email": "tilbud@jobvaerkstedet.dk"}
    assert (await supplier.post("/register", data=registration)).status_code == 303
    bid = {"price": "2760000", "ltu": "2", "action": "send"}
    assert (await supplier.post(f"/tenders/{tender_id}/bid?lot=1", data=bid)).status_code == 201
    bids = await close_at_deadline(procurement, clock, timedelta(days=36))
    assert bids == [tender_id]
    opened = (await procurement.http.get(f"/tenders/{tender_id}/bids", headers=OFFICER)).json()
    award = await evaluate_and_award(procurement, clock, tender_id, {opened[0]["bid_id"]: "7"})
    contract_id = await sign_after_standstill(procurement, clock, tender_id, award)
    clock.advance(timedelta(days=100))  # the first quarter has ended
    return supplier, contract_id


async def test_a_report_is_rejected_corrected_and_verified_and_only_then_counted(
    browser_of: Browser, procurement: InMemoryService, clock: ManualClock
) -> None:
    supplier, contract_id = await contract_won_in_the_portal(browser_of, procurement, clock)
    page = await supplier.get(f"/contracts/{contract_id}")
    assert "Indsend en rapport" in page.text
    first = {"period_index": "1", "quantity_DK_LTU_HIRE": "0.5", "evidence": "bilag-1"}
    assert (await supplier.post(f"/contracts/{contract_id}/reports", data=first)).status_code == 303

    officer = browser_of()
    assert (await officer.post("/sign-in", data={"subject": "anne.officer@kolding.dk"})).status_code == 303
    [submitted] = (await procurement.http.get(f"/contracts/{contract_id}", headers=OFFICER)).json()["reports"]
    review = f"/contracts/{contract_id}/reports/{submitted['report_id']}/review"
    rejection = {"verdict": "rejected", "reason": "Ansættelseskontrakten mangler"}
    assert (await officer.post(review, data=rejection)).status_code == 303
    assert "Ansættelseskontrakten mangler" in (await supplier.get(f"/contracts/{contract_id}")).text

    corrected = {"period_index": "1", "quantity_DK_LTU_HIRE": "0.5", "evidence": "bilag-1, kontrakt-7"}
    assert (await supplier.post(f"/contracts/{contract_id}/reports", data=corrected)).status_code == 303
    reports = (await procurement.http.get(f"/contracts/{contract_id}", headers=OFFICER)).json()["reports"]
    assert [r["status"] for r in reports] == ["rejected", "submitted"]
    assert reports[1]["corrects"] == submitted["report_id"], "the correction names the rejected report"
    assert reports[1]["lines"][0]["evidence"] == ["bilag-1", "kontrakt-7"]
    verify = f"/contracts/{contract_id}/reports/{reports[1]['report_id']}/review"
    assert (await officer.post(verify, data={"verdict": "verified"})).status_code == 303

    [measured] = (await procurement.http.get("/impact")).json()["contracts"]
    assert measured["delivered"] == {"DK_LTU_HIRE": "0.5"}, "the verified report counts, the rejected one not"


async def test_another_bidder_cannot_open_the_contract(
    browser_of: Browser, procurement: InMemoryService, clock: ManualClock
) -> None:
    _, contract_id = await contract_won_in_the_portal(browser_of, procurement, clock)
    stranger = browser_of()
    registration = {"name": "Park & Vej A/S", "cvr": "40084525", "email": "tilbud@parkogvej.dk"}
    assert (await stranger.post("/register", data=registration)).status_code == 303
    assert (await stranger.get(f"/contracts/{contract_id}")).status_code == 404
    report = {"period_index": "1", "quantity_DK_LTU_HIRE": "5"}
    assert (await stranger.post(f"/contracts/{contract_id}/reports", data=report)).status_code == 404
    listed = await stranger.get("/contracts")
    assert listed.status_code == 200
    assert contract_id not in listed.text
