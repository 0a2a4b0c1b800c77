"""The bidders' pages, with procurement and scoring in this process behind the portal: registration with a clear
CVR error, the open-tender filter, one's own score under the published model, a sealed bid with a receipt whose
commitment the bidder can check, withdrawal, and no way to another bidder's bid through the address."""

import hashlib
import html
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from services.portal.main import create_app
from services.portal.settings import Settings
from services.scoring.main import create_app as create_scoring_app
from services.scoring.settings import Settings as ScoringSettings
from tests.support.component import InMemoryService
from tests.support.identities import ISSUER
from tests.support.tenders import create_published_tender


@pytest.fixture
def portal_app(procurement: InMemoryService, tmp_path: Path) -> object:
    settings = Settings(auth_jwks_file=ISSUER.jwks_file, dev_issuer_dir=ISSUER.folder, log_json=False)
    scoring = create_scoring_app(ScoringSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 's.db'}"))
    transports = {"procurement": httpx.ASGITransport(app=procurement.app), "scoring": httpx.ASGITransport(app=scoring)}
    return create_app(settings, transports=transports)


@pytest.fixture
async def browser_of(portal_app: object) -> AsyncIterator[object]:
    """A factory of clients, each with its own cookies: one per bidder."""
    clients: list[httpx.AsyncClient] = []

    def new() -> httpx.AsyncClient:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=portal_app), base_url="http://portal.test")  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield new
    for client in clients:
        await client.aclose()


async def registered(client: httpx.AsyncClient, name: str, cvr: str) -> httpx.AsyncClient:
    form = {"name": name, "cvr": cvr, "email": f"tilbud@{cvr}.example.dk", "language": "da"}
    response = await client.post("/register", data=form)
    assert (response.status_code, response.headers["location"]) == (303, "/tenders"), response.text
    return client


def text_of(response: httpx.Response) -> str:
    return " ".join(html.unescape(response.text).split())


async def test_a_wrong_cvr_is_named_on_its_field(browser_of) -> None:  # type: ignore[no-untyped-def]
    page = await browser_of().post("/register", data={"name": "X ApS", "cvr": "12345678", "email": "a@b.dk"})
    assert page.status_code == 422
    assert 'aria-invalid="true" aria-describedby="cvr-problem"' in page.text
    assert "modulus-11" in text_of(page)


async def test_the_filter_finds_tenders_by_cpv_and_social_clauses(browser_of, procurement: InMemoryService) -> None:  # type: ignore[no-untyped-def]
    await create_published_tender(procurement.http)  # the park tender: CPV 77311000-3, a training clause
    bidder = await registered(browser_of(), "Grøn Service A/S", "13748136")
    assert "KOL-2026-017" in (await bidder.get("/tenders", params={"cpv": "773", "social": "true"})).text
    assert "KOL-2026-017" not in (await bidder.get("/tenders", params={"cpv": "45"})).text


async def test_a_bid_gets_a_receipt_whose_commitment_the_bidder_can_check(  # type: ignore[no-untyped-def]
    browser_of, procurement: InMemoryService
) -> None:
    tender_id = await create_published_tender(procurement.http)
    bidder = await registered(browser_of(), "Jobværkstedet ApS", "13585628")
    form = {"price": "2760000", "answer": "Faste hold og elmaskiner.", "ltu": "3", "apprentice": "1", "action": "send"}
    receipt = await bidder.post(f"/tenders/{tender_id}/bid", data=form)
    assert receipt.status_code == 201, receipt.text
    commitment = receipt.text.split('id="commitment">')[1].split("<")[0]
    salt = receipt.text.split('id="salt">')[1].split("<")[0]
    content = (await bidder.get(f"/tenders/{tender_id}/bid/content.json")).json()
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert hashlib.sha256(bytes.fromhex(salt) + canonical).hexdigest() == commitment
    assert content["social_commitments"] == [
        {"proxy": "DK_LTU_HIRE", "quantity": "3"},
        {"proxy": "DK_APPRENTICE_YEAR", "quantity": "1"},
    ]


async def test_a_bidder_scores_its_own_bid_under_the_published_model(  # type: ignore[no-untyped-def]
    browser_of, procurement: InMemoryService
) -> None:
    tender_id = await create_published_tender(procurement.http)
    bidder = await registered(browser_of(), "Park & Vej A/S", "40084525")
    form = {"price": "2580000", "quality": "8", "ltu": "1", "other1_price": "2400000", "action": "score"}
    page = await bidder.post(f"/tenders/{tender_id}/bid", data=form)
    assert page.status_code == 200, page.text
    figure = text_of(page).split('id="own-score"')[1]
    assert "Dit tilbud" in figure
    assert "Andet tilbud 1" in figure
    tender = (await procurement.http.get(f"/tenders/{tender_id}")).json()
    assert tender["bids_received"] == 0, "nothing was sent: scoring a bid is not submitting it"


async def test_a_withdrawn_bid_is_gone_and_another_bidder_never_sees_it(  # type: ignore[no-untyped-def]
    browser_of, procurement: InMemoryService
) -> None:
    tender_id = await create_published_tender(procurement.http)
    first = await registered(browser_of(), "Jobværkstedet ApS", "13585628")
    other = await registered(browser_of(), "Park & Vej A/S", "40084525")
    await first.post(f"/tenders/{tender_id}/bid", data={"price": "2760000", "action": "send"})
    assert "2.760.000 kr." in (await first.get(f"/tenders/{tender_id}/bid")).text
    others_page = await other.get(f"/tenders/{tender_id}/bid")
    assert others_page.status_code == 200, "the other bidder reaches its own bid page"
    assert "2.760.000 kr." not in others_page.text
    assert (await other.get(f"/tenders/{tender_id}/bid/content.json")).status_code == 404
    evaluation = await other.get(f"/tenders/{tender_id}/evaluation")
    assert evaluation.status_code == 200
    assert "2.760.000" not in evaluation.text, "no opened bid shown to a bidder"
    assert (await other.get(f"/tenders/{tender_id}/report.pdf")).status_code == 403
    assert (await first.post(f"/tenders/{tender_id}/bid/withdraw")).status_code == 303
    assert (await first.get(f"/tenders/{tender_id}/bid/content.json")).status_code == 404
