"""The portal on its own, with procurement in this process behind it: who is sent to sign in, what a wrong role
or a forged cookie gets, no redirect off the site, the language switch, and that a page shows exactly what the
signed-in user's own token can fetch."""

import html
import json
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from services.portal.domain import preview_request
from services.portal.main import create_app
from services.portal.settings import Settings
from services.scoring.domain import evaluate
from services.scoring.main import create_app as create_scoring_app
from services.scoring.settings import Settings as ScoringSettings
from shared.evaluation import load_request_json, parse_request
from shared.tokens import DevelopmentIssuer
from tests.support.component import InMemoryService
from tests.support.identities import ISSUER
from tests.support.samples import NOW
from tests.support.tenders import OFFICER, create_published_tender, park_tender


@pytest.fixture
async def portal(procurement: InMemoryService, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(auth_jwks_file=ISSUER.jwks_file, dev_issuer_dir=ISSUER.folder, log_json=False)
    scoring = create_scoring_app(ScoringSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 's.db'}"))
    transports = {
        "procurement": httpx.ASGITransport(app=procurement.app),
        "scoring": httpx.ASGITransport(app=scoring),  # its preview needs neither database nor broker
    }
    app = create_app(settings, transports=transports)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://portal.test") as client:
        yield client


async def signed_in(portal: httpx.AsyncClient, subject: str) -> httpx.AsyncClient:
    response = await portal.post("/sign-in", data={"subject": subject, "next": "/tenders"})
    assert response.status_code == 303, response.text
    return portal


async def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(portal: httpx.AsyncClient) -> None:
    response = await portal.get("/tenders/new")
    assert (response.status_code, response.headers["location"]) == (303, "/sign-in?next=/tenders/new")
    page = await portal.get("/sign-in", params={"next": "/tenders/new"})
    assert 'value="/tenders/new"' in page.text
    assert "Anne Holm – indkøber" in page.text


async def test_sign_in_never_sends_anyone_off_the_site(portal: httpx.AsyncClient) -> None:
    for elsewhere in ("https://evil.example/", "//evil.example/"):
        response = await portal.post("/sign-in", data={"subject": "anne.officer@kolding.dk", "next": elsewhere})
        assert response.headers["location"] == "/tenders"


async def test_only_demo_users_sign_in(portal: httpx.AsyncClient) -> None:
    response = await portal.post("/sign-in", data={"subject": "mallory@example.com"})
    assert response.status_code == 404
    assert "no such demo user" in response.text


async def test_an_evaluator_cannot_open_the_tender_editor(portal: httpx.AsyncClient) -> None:
    await signed_in(portal, "mette.evaluator@kolding.dk")
    response = await portal.get("/tenders/new")
    assert response.status_code == 403
    assert "Noget gik galt (403)" in response.text
    assert "Siden er for den, der er logget ind som indkøber." in html.unescape(response.text)


async def test_a_token_from_another_issuer_counts_as_signed_out(portal: httpx.AsyncClient, tmp_path: Path) -> None:
    stranger = DevelopmentIssuer(tmp_path / "stranger").mint("anne.officer@kolding.dk", "officer")
    portal.cookies.set("procure_token", stranger)
    response = await portal.get("/tenders")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in")


async def test_the_language_switch_turns_the_pages_english(portal: httpx.AsyncClient) -> None:
    switched = await portal.get("/language/en", params={"back": "/sign-in"})
    assert switched.headers["location"] == "/sign-in"
    page = await portal.get("/sign-in")
    assert '<html lang="en">' in page.text
    assert "Choose a demo user" in page.text


async def test_the_list_shows_what_the_users_own_token_can_fetch(
    portal: httpx.AsyncClient, procurement: InMemoryService
) -> None:
    await create_published_tender(procurement.http)
    draft = park_tender(NOW + timedelta(days=40), reference="KOL-DRAFT-1")
    assert (await procurement.http.post("/tenders", json=draft, headers=OFFICER)).status_code == 201
    officer_view = (await (await signed_in(portal, "anne.officer@kolding.dk")).get("/tenders")).text
    assert "KOL-DRAFT-1" in officer_view
    assert "Kladde" in officer_view
    evaluator_view = (await (await signed_in(portal, "mette.evaluator@kolding.dk")).get("/tenders")).text
    assert "KOL-DRAFT-1" not in evaluator_view, "a draft is an officer's alone"
    assert "Offentliggjort" in evaluator_view


EDITED = {
    "reference": "KOL-1",
    "title": "Parkpleje",
    "deadline_date": "2027-01-15",
    "weight_price": "40",
    "weight_quality": "35",
    "weight_social": "25",
    "price_method": "linear_relative",
    "sample1_price": "2500000",
}


async def test_the_preview_scores_the_sample_bids_as_the_engine_does(portal: httpx.AsyncClient) -> None:
    await signed_in(portal, "anne.officer@kolding.dk")
    page = await portal.post("/tenders/new", data={**EDITED, "action": "preview"})
    assert page.status_code == 200, page.text
    proxy_values = {"DK_LTU_HIRE": "122000", "DK_APPRENTICE_YEAR": "40000", "DK_FLEXJOB": "42000"}
    document = preview_request(EDITED, proxy_values)
    expected = evaluate(parse_request(load_request_json(json.dumps(document))))
    names = ["Grøn Service A/S", "Jobværkstedet ApS", "Park & Vej A/S"]
    order = [names[int(entry.bid_id.removeprefix("sample"))] for entry in expected.ranking]
    shown = re.findall(r'<span class="bar-label">\d\. ([^<]+)</span>', page.text.split('id="preview-result"')[1])
    assert [html.unescape(name) for name in shown] == order
    assert 'value="2500000"' in page.text, "the officer's own sample figures stay in the form"
    assert (await portal.get("/tenders")).text.count("KOL-1") == 0, "a preview saves nothing"


async def test_a_model_that_cannot_be_scored_shows_the_engines_problems(portal: httpx.AsyncClient) -> None:
    await signed_in(portal, "anne.officer@kolding.dk")
    page = await portal.post("/tenders/new", data={**EDITED, "weight_social": "20", "action": "preview"})
    assert "Modellen kan ikke beregnes endnu" in page.text
    assert "criteria: weights sum to 0.95, not 1" in html.unescape(page.text)


async def test_an_amendment_moves_the_deadline_and_shows_on_the_tender_page(
    portal: httpx.AsyncClient, procurement: InMemoryService
) -> None:
    tender_id = await create_published_tender(procurement.http)
    await signed_in(portal, "anne.officer@kolding.dk")
    form = {"summary": "Fristen forlænges en uge.", "deadline_date": "2027-01-02", "deadline_time": "12:00"}
    answered = await portal.post(f"/tenders/{tender_id}/amendments", data=form)
    assert answered.status_code == 303, answered.text
    [amendment] = (await procurement.http.get(f"/tenders/{tender_id}/amendments", headers=OFFICER)).json()
    assert amendment["summary"] == "Fristen forlænges en uge."
    assert amendment["deadline_after"].startswith("2027-01-02T11:00:00"), "12:00 in Copenhagen is 11:00 UTC"
    page = " ".join((await portal.get(f"/tenders/{tender_id}")).text.split())
    assert "Fristen forlænges en uge." in page
    assert "→ 02.01.2027 12:00" in page
    assert "Lærling/elev (årsværk)" in page, "the frozen proxy values, named in Danish"


async def test_cancelling_needs_a_reason_and_tells_it(portal: httpx.AsyncClient, procurement: InMemoryService) -> None:
    tender_id = await create_published_tender(procurement.http)
    await signed_in(portal, "anne.officer@kolding.dk")
    missing = await portal.post(f"/tenders/{tender_id}/cancel", data={})
    assert missing.status_code == 422
    assert "reason: Field required" in missing.text, "a page naming the missing field, not raw JSON"
    cancelled = await portal.post(f"/tenders/{tender_id}/cancel", data={"reason": "Behovet er bortfaldet."})
    assert cancelled.status_code == 303
    tender = (await procurement.http.get(f"/tenders/{tender_id}", headers=OFFICER)).json()
    assert (tender["status"], tender["cancel_reason"]) == ("cancelled", "Behovet er bortfaldet.")


async def test_a_year_the_dashboard_cannot_read_is_named_and_an_empty_one_ignored(portal: httpx.AsyncClient) -> None:
    assert (await portal.get("/impact", params={"year": ""})).status_code == 200, "the filter sends year= when empty"
    garbled = await portal.get("/impact", params={"year": "20x7"})
    assert garbled.status_code == 422
    assert "year: &#39;20x7&#39; is not a year such as 2027" in garbled.text


async def test_a_report_without_a_period_is_a_clear_422(portal: httpx.AsyncClient) -> None:
    portal.cookies.set("procure_token", ISSUER.mint("tilbud@x.dk", "bidder", bidder_id="b-1"))
    refused = await portal.post("/contracts/c-1/reports", data={"period_index": "første", "quantity_DK_LTU_HIRE": "1"})
    assert refused.status_code == 422
    assert "period_index: choose one of the contract&#39;s reporting periods" in refused.text


DRAFT = {
    "reference": "KOL-2027-009",
    "title": "Vinduespolering",
    "cpv_codes": "90911300-9",
    "estimated_value_dkk": "800000",
    "contract_start": "2027-04-01",
    "contract_end": "2028-03-31",
    "deadline_date": "2027-01-15",
    "deadline_time": "12:00",
    "weight_price": "50",
    "weight_quality": "30",
    "weight_social": "20",
    "price_method": "linear_relative",
    "lot_titles": "Skoler\nRådhuse",
    "training_clause": "on",
    "action": "save",
}


async def test_an_officer_reopens_a_saved_draft_and_saves_it_changed(
    portal: httpx.AsyncClient, procurement: InMemoryService
) -> None:
    officer = await signed_in(portal, "anne.officer@kolding.dk")
    saved = await officer.post("/tenders/new", data=DRAFT)
    assert saved.status_code == 303, saved.text
    tender_id = saved.headers["location"].rsplit("/", 1)[1]
    assert f'href="/tenders/{tender_id}/edit"' in (await officer.get(f"/tenders/{tender_id}")).text
    editor = await officer.get(f"/tenders/{tender_id}/edit")
    assert 'value="Vinduespolering"' in editor.text
    assert ">Skoler\nRådhuse</textarea>" in html.unescape(editor.text)
    assert f'action="/tenders/{tender_id}/edit"' in editor.text
    changed = {**DRAFT, "title": "Vinduespolering 2027", "weight_price": "40", "weight_social": "30"}
    assert (await officer.post(f"/tenders/{tender_id}/edit", data=changed)).status_code == 303
    stored = (await procurement.http.get(f"/tenders/{tender_id}", headers=OFFICER)).json()
    assert stored["title"] == "Vinduespolering 2027"
    weights = [c["weight"] for c in stored["lots"][1]["evaluation_model"]["criteria"]]
    assert weights == ["0.4", "0.3", "0.3"]
    assert len((await procurement.http.get("/tenders", headers=OFFICER)).json()) == 1, "changed, not copied"


async def test_a_published_tender_or_an_api_draft_the_editor_lacks_choices_for_is_not_edited_here(
    portal: httpx.AsyncClient, procurement: InMemoryService
) -> None:
    officer = await signed_in(portal, "anne.officer@kolding.dk")
    published = await create_published_tender(procurement.http)
    refused = await officer.get(f"/tenders/{published}/edit")
    assert refused.status_code == 409
    assert "Kun en kladde kan redigeres" in html.unescape(refused.text)
    draft = park_tender(NOW + timedelta(days=40), reference="KOL-API-1", auto_evaluate=True)
    api_draft = (await procurement.http.post("/tenders", json=draft, headers=OFFICER)).json()["id"]
    refused = await officer.get(f"/tenders/{api_draft}/edit")
    assert refused.status_code == 409
    assert "ret den dér" in html.unescape(refused.text)


async def test_the_editor_shows_the_proxy_values_a_tender_saved_now_would_freeze(portal: httpx.AsyncClient) -> None:
    await signed_in(portal, "anne.officer@kolding.dk")
    editor = html.unescape((await portal.get("/tenders/new")).text)
    table = editor.split('id="proxy-table"')[1].split("</details>")[0]
    assert "Proxyværdier for social værdi (DK-2026.1)" in table
    row = table.split("<code>DK_LTU_HIRE</code>")[1].split("</tr>")[0]
    assert "Ansættelse af langtidsledig eller udsat ledig" in row
    assert "122.000 kr." in row
    assert "efterprøvet" in row
