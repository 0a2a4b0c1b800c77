"""The bidders' pages, with procurement and scoring in this process behind the portal: registration with a clear
CVR error, the open-tender filter, one's own score under the published model, a sealed bid with a receipt whose
commitment the bidder can check, withdrawal, and no way to another bidder's bid through the address."""

import base64
import hashlib
import html
import json
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from services.portal.main import create_app
from services.portal.settings import Settings
from services.scoring.main import create_app as create_scoring_app
from services.scoring.settings import Settings as ScoringSettings
from shared import events
from shared.clock import ManualClock
from tests.support.component import InMemoryService
from tests.support.contract_flow import close_at_deadline, evaluated_tender
from tests.support.identities import ISSUER
from tests.support.samples import NOW
from tests.support.tenders import OFFICER, as_bidder, create_published_tender, park_tender


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


async def signed_in_officer(client: httpx.AsyncClient) -> httpx.AsyncClient:
    signed_in = await client.post("/sign-in", data={"subject": "anne.officer@kolding.dk", "next": "/tenders"})
    assert signed_in.status_code == 303, signed_in.text
    return client


def text_of(response: httpx.Response) -> str:
    return " ".join(html.unescape(response.text).split())


async def test_a_wrong_cvr_is_named_on_its_field(browser_of) -> None:  # type: ignore[no-untyped-def]
    page = await browser_of().post("/register", data={"name": "X ApS", "cvr": "12345678", "email": "a@b.dk"})
    assert page.status_code == 422
    assert 'aria-invalid="true" aria-describedby="cvr-problem"' in page.text
    assert "12345678 består ikke modulus-11-kontrollen" in text_of(page), "the service's own check, in Danish"
    unnamed = await browser_of().post("/register", data={"name": "X ApS", "cvr": "13585628"})
    assert 'id="email-problem">skal udfyldes<' in unnamed.text, "pydantic's complaint, in Danish"


async def test_a_late_bid_is_refused_in_the_bidders_language(
    browser_of, procurement: InMemoryService, clock: ManualClock
) -> None:  # type: ignore[no-untyped-def]
    tender_id = await create_published_tender(procurement.http)
    bidder = await registered(browser_of(), "Jobværkstedet ApS", "13585628")
    await close_at_deadline(procurement, clock, timedelta(days=31))
    late = await bidder.post(f"/tenders/{tender_id}/bid?lot=1", data={"price": "2760000", "action": "send"})
    assert late.status_code == 409
    assert "tilbuddet er for sent" in text_of(late)
    await bidder.get("/language/en")
    late = await bidder.post(f"/tenders/{tender_id}/bid?lot=1", data={"price": "2760000", "action": "send"})
    assert "late bids cannot be accepted" in text_of(late)


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
    receipt = await bidder.post(f"/tenders/{tender_id}/bid?lot=1", data=form)
    assert receipt.status_code == 201, receipt.text
    commitment = receipt.text.split('id="commitment">')[1].split("<")[0]
    salt = receipt.text.split('id="salt">')[1].split("<")[0]
    content = (await bidder.get(f"/tenders/{tender_id}/bid/content.json?lot=1")).json()
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
    page = await bidder.post(f"/tenders/{tender_id}/bid?lot=1", data=form)
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
    await first.post(f"/tenders/{tender_id}/bid?lot=1", data={"price": "2760000", "action": "send"})
    assert "2.760.000 kr." in (await first.get(f"/tenders/{tender_id}/bid")).text
    others_page = await other.get(f"/tenders/{tender_id}/bid")
    assert others_page.status_code == 200, "the other bidder reaches its own bid page"
    assert "2.760.000 kr." not in others_page.text
    assert (await other.get(f"/tenders/{tender_id}/bid/content.json?lot=1")).status_code == 404
    evaluation = await other.get(f"/tenders/{tender_id}/evaluation")
    assert evaluation.status_code == 200
    assert "2.760.000" not in evaluation.text, "no opened bid shown to a bidder"
    assert (await other.get(f"/tenders/{tender_id}/report.pdf")).status_code == 403
    assert (await first.post(f"/tenders/{tender_id}/bid/withdraw?lot=1")).status_code == 303
    assert (await first.get(f"/tenders/{tender_id}/bid/content.json?lot=1")).status_code == 404


TWO_LOTS = {
    "reference": "KOL-2027-LOTS",
    "title": "Grøn drift",
    "cpv_codes": "77311000-3",
    "estimated_value_dkk": "2600000",
    "contract_start": "2027-04-01",
    "contract_end": "2029-03-31",
    "deadline_date": (NOW + timedelta(days=40)).date().isoformat(),
    "deadline_time": "12:00",
    "weight_price": "40",
    "weight_quality": "35",
    "weight_social": "25",
    "price_method": "linear_relative",
    "lot_titles": "Grønne områder\n\nVejrabatter\n",
    "action": "save",
}


async def published_two_lot_tender(officer: httpx.AsyncClient, procurement: InMemoryService) -> str:
    """The officer's tender of two lots, made in the editor; procurement publishes it."""
    saved = await officer.post("/tenders/new", data=TWO_LOTS)
    assert saved.status_code == 303, text_of(saved)
    tender_id: str = saved.headers["location"].rsplit("/", 1)[1]
    assert (await procurement.http.post(f"/tenders/{tender_id}/publish", headers=OFFICER)).status_code == 200
    return tender_id


async def test_a_tender_of_two_lots_is_made_in_the_editor_and_bid_on_lot_by_lot(  # type: ignore[no-untyped-def]
    browser_of, procurement: InMemoryService
) -> None:
    officer = await signed_in_officer(browser_of())
    tender_id = await published_two_lot_tender(officer, procurement)
    stored = (await procurement.http.get(f"/tenders/{tender_id}", headers=OFFICER)).json()
    assert [(lot["lot_id"], lot["title"]) for lot in stored["lots"]] == [("1", "Grønne områder"), ("2", "Vejrabatter")]
    tender_page = (await officer.get(f"/tenders/{tender_id}")).text
    assert f"/tenders/{tender_id}/evaluation?lot=1" in tender_page
    assert f"/tenders/{tender_id}/evaluation?lot=2" in tender_page

    bidder = await registered(browser_of(), "Jobværkstedet ApS", "13585628")
    receipt = await bidder.post(f"/tenders/{tender_id}/bid?lot=2", data={"price": "1200000", "action": "send"})
    assert receipt.status_code == 201, text_of(receipt)
    assert "Vejrabatter" in text_of(receipt)
    second = await bidder.get(f"/tenders/{tender_id}/bid", params={"lot": "2"})
    assert "1.200.000 kr." in second.text
    assert re.search(r'href="[^"]*\?lot=2" aria-current="page"', second.text), "the lot shown is marked"
    assert "1.200.000 kr." not in (await bidder.get(f"/tenders/{tender_id}/bid")).text, "lot 1 has no bid of it"
    assert (await bidder.get(f"/tenders/{tender_id}/bid/content.json?lot=1")).status_code == 404
    assert (await bidder.get(f"/tenders/{tender_id}/bid/content.json?lot=2")).json()["price"] == "1200000"
    unknown = await bidder.post(f"/tenders/{tender_id}/bid?lot=9", data={"price": "1", "action": "score"})
    assert unknown.status_code == 404, "never scored under another lot's model"
    assert "Udbuddet har ingen delaftale med det nummer." in text_of(unknown)
    assert (await officer.get(f"/tenders/{tender_id}/evaluation", params={"lot": "9"})).status_code == 404


async def test_each_lot_is_evaluated_on_its_own_page_with_its_own_bids(  # type: ignore[no-untyped-def]
    browser_of, procurement: InMemoryService, clock: ManualClock
) -> None:
    officer = await signed_in_officer(browser_of())
    tender_id = await published_two_lot_tender(officer, procurement)
    for lot, name, cvr, price in (
        ("1", "Park & Vej A/S", "40084525", "2400000"),
        ("2", "Jobværkstedet ApS", "13585628", "1200000"),
    ):
        bidder = await registered(browser_of(), name, cvr)
        sent = await bidder.post(f"/tenders/{tender_id}/bid?lot={lot}", data={"price": price, "action": "send"})
        assert sent.status_code == 201, text_of(sent)
    assert await close_at_deadline(procurement, clock, timedelta(days=41)) == [tender_id]

    page = text_of(await officer.get(f"/tenders/{tender_id}/evaluation", params={"lot": "2"}))
    assert "1.200.000 kr." in page
    assert "2.400.000 kr." not in page, "lot 1's bid is on lot 1's page"
    assert f"/tenders/{tender_id}/consensus?lot=2" in page
    [bid] = [
        b
        for b in (await procurement.http.get(f"/tenders/{tender_id}/bids", headers=OFFICER)).json()
        if b["lot_id"] == "2"
    ]
    points = {f"points_{bid['bid_id']}:quality": "7", f"justification_{bid['bid_id']}:quality": "Klar plan."}
    agreed = await officer.post(f"/tenders/{tender_id}/consensus?lot=2", data={"held_on": "2027-01-12", **points})
    assert agreed.headers["location"] == f"/tenders/{tender_id}/evaluation?lot=2#consensus", text_of(agreed)
    asked = await officer.post(f"/tenders/{tender_id}/evaluate?lot=2")
    assert asked.status_code == 303, text_of(asked)  # procurement refuses a lot without its consensus points
    [request] = await procurement.told(events.EvaluationRequested)
    assert request.payload["lot_id"] == "2"
    refused = await officer.post(f"/tenders/{tender_id}/evaluate?lot=1")
    assert refused.status_code == 409, "lot 1 has no consensus yet: the points went to lot 2 only"


async def test_a_bid_names_its_social_economy_subcontractor_and_carries_its_files_sealed(  # type: ignore[no-untyped-def]
    browser_of, procurement: InMemoryService
) -> None:
    tender_id = await create_published_tender(procurement.http)
    bidder = await registered(browser_of(), "Jobværkstedet ApS", "13585628")
    form = {"price": "2760000", "sub2_name": "Grøn Hverdag ApS", "sub2_cvr": "12345678", "sub2_tasks": "Beskæring"}
    form |= {"sub2_social": "on", "action": "send"}
    files = [("attachments", ("løsning.pdf", b"%PDF-1.7 beskrivelse", "application/pdf"))]
    refused = await bidder.post(f"/tenders/{tender_id}/bid?lot=1", data=form, files=files)
    assert refused.status_code == 422
    assert 'id="sub2_cvr-problem">12345678 består ikke modulus-11-kontrollen' in refused.text, "named on its row"
    sent = await bidder.post(f"/tenders/{tender_id}/bid?lot=1", data={**form, "sub2_cvr": "40084525"}, files=files)
    assert sent.status_code == 201, text_of(sent)
    content = (await bidder.get(f"/tenders/{tender_id}/bid/content.json?lot=1")).json()
    [subcontractor] = content["subcontractors"]
    assert (subcontractor["name"], subcontractor["social_economy"]) == ("Grøn Hverdag ApS", True)
    [attachment] = content["attachments"]
    assert base64.b64decode(attachment["content_base64"]) == b"%PDF-1.7 beskrivelse", "the file as sent, sealed"
    page = text_of(await bidder.get(f"/tenders/{tender_id}/bid?lot=1"))
    assert "Grøn Hverdag ApS (CVR 40084525): Beskæring · socialøkonomisk virksomhed" in page
    assert "løsning.pdf" in page
    too_big = [("attachments", ("bilag.pdf", b"x" * (10 * 1024 * 1024 + 1), "application/pdf"))]
    refused = await bidder.post(
        f"/tenders/{tender_id}/bid?lot=1", data={"price": "2700000", "action": "send"}, files=too_big
    )
    assert refused.status_code == 422
    assert 'id="attachments-problem">Højst 10 bilag på tilsammen 10 MB' in refused.text
    assert (await bidder.get(f"/tenders/{tender_id}/bid/content.json?lot=1")).json()["price"] == "2760000", "kept"


async def test_an_officer_assesses_a_bid_out_of_the_award_and_awards_the_next_with_a_reason(  # type: ignore[no-untyped-def]
    browser_of, procurement: InMemoryService, clock: ManualClock
) -> None:
    tender_id, _, result = await evaluated_tender(procurement, clock)
    first, second = (entry["bid_id"] for entry in result["ranking"][:2])
    officer = await signed_in_officer(browser_of())
    mark = {"assessment": "documentation:inconsistent", "reason": "Serviceattesten mangler"}
    marked = await officer.post(f"/tenders/{tender_id}/bids/{first}/assessments?lot=1", data=mark)
    assert marked.headers["location"] == f"/tenders/{tender_id}/evaluation?lot=1#assessments", text_of(marked)
    page = text_of(await officer.get(f"/tenders/{tender_id}/evaluation"))
    assert "Dokumentation – bekræfter ikke egenerklæringen" in page
    refused = await officer.post(f"/tenders/{tender_id}/award?lot=1", data={"bid_id": first})
    assert refused.status_code == 409
    assert "bekræfter ikke dets egenerklæring (ESPD)" in text_of(refused)
    reason = "Det først rangerede tilbuds dokumentation bekræftede ikke egenerklæringen."
    awarded = await officer.post(f"/tenders/{tender_id}/award?lot=1", data={"bid_id": second, "reason": reason})
    assert awarded.status_code == 303, text_of(awarded)
    decided = (await procurement.http.get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER)).json()
    assert (decided["winner_bid_id"], decided["reason"]) == (second, reason)


async def test_for_a_reserved_contract_the_officer_sees_what_each_bidder_declared(  # type: ignore[no-untyped-def]
    browser_of, procurement: InMemoryService, clock: ManualClock
) -> None:
    created = await procurement.http.post(
        "/tenders", json=park_tender(NOW + timedelta(days=30), reservation="art20"), headers=OFFICER
    )
    tender_id = created.json()["id"]
    assert (await procurement.http.post(f"/tenders/{tender_id}/publish", headers=OFFICER)).status_code == 200
    workshop = {"name": "Værkstedet", "cvr": "13585628", "email": "v@example.dk"}
    workshop |= {"sheltered_workshop": True, "disadvantaged_share_pct": "35"}
    bidder_id = (await procurement.http.post("/bidders", json=workshop)).json()["id"]
    sent = await procurement.http.post(
        f"/tenders/{tender_id}/bids", json={"price": "900000"}, headers=as_bidder(bidder_id)
    )
    assert sent.status_code == 201, sent.text
    await close_at_deadline(procurement, clock, timedelta(days=31))
    officer = await signed_in_officer(browser_of())
    page = text_of(await officer.get(f"/tenders/{tender_id}/evaluation"))
    declared = page.split("Tilbudsgiveren oplyser ved registreringen:")[1].split("</p>")[0]
    assert "beskyttet værksted; andel handicappede eller udsatte medarbejdere 35 %; ikke RSV-registreret" in declared
