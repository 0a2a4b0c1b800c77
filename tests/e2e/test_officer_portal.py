"""The officers' pages in a real headless Chromium, on the four services and the real broker: an officer signs in,
drafts a tender (first with weights that do not add up), publishes it, answers a bidder's question, forms the
committee, records the consensus and compliance, runs the evaluation and decides the award; the pages show what
the services hold. Another journey is done with the keyboard alone. Every page visited passes axe-core."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from shared.clock import ManualClock
from tests.support.browser import accessible, chromium, portal_serving
from tests.support.identities import bearer
from tests.support.kafka import eventually
from tests.support.samples import NOW
from tests.support.suite import SuiteInProcess, suite_in_process
from tests.support.tenders import OFFICER, as_bidder, park_tender, register_and_bid

METTE_ID = "mette.evaluator@kolding.dk"
QUALITY = {"Grøn Service A/S": "6", "Jobværkstedet ApS": "7", "Park & Vej A/S": "8"}


@pytest.fixture
async def running(kafka_bootstrap: str, tmp_path: Path) -> AsyncIterator[tuple[SuiteInProcess, str]]:
    async with (
        suite_in_process(kafka_bootstrap, tmp_path, ManualClock(NOW)) as suite,
        portal_serving(suite.urls) as portal,
    ):
        yield suite, portal


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async with chromium() as launched:
        yield launched


async def sign_in_as_officer(page: Any, portal: str) -> None:
    await page.goto(f"{portal}/tenders")
    assert "/sign-in" in page.url, "an anonymous visitor is sent to sign in"
    await accessible(page, "01-sign-in")
    await page.get_by_role("button", name="Anne Holm – indkøber").click()
    await page.wait_for_url(f"{portal}/tenders")


async def fill_tender(page: Any, reference: str, social_weight: str) -> None:
    deadline = (NOW + timedelta(days=35)).date().isoformat()
    fields = {
        "Referencenummer": reference,
        "Titel": "Parkpleje og grønne områder 2027–2029",
        "CPV-koder (adskilt af komma)": "77311000-3",
        "Anslået værdi (kr. ekskl. moms)": "2600000",
        "Dato for tilbudsfrist": deadline,
        "Kontraktstart": "2027-04-01",
        "Kontraktslut": "2029-03-31",
        "Pris (%)": "40",
        "Kvalitet (%)": "35",
        "Social værdi (%)": social_weight,
        "Pris der giver fuldt point (kr.)": "2000000",
        "Pris der giver 0 point (kr.)": "3500000",
    }
    for label, value in fields.items():
        await page.get_by_label(label, exact=True).fill(value)


async def test_an_officer_takes_a_tender_from_draft_to_award(running: tuple[SuiteInProcess, str], browser: Any) -> None:
    suite, portal = running
    page = await browser.new_page(locale="da-DK")
    await sign_in_as_officer(page, portal)
    await accessible(page, "02-tenders-empty")
    tender_id = await draft_after_a_weights_mistake(page, suite, portal)
    bid_of = await publish_and_answer_a_question(page, suite, tender_id)
    await form_the_committee_and_close(page, suite, tender_id)
    by_bid = await consensus_compliance_and_evaluation(page, suite, tender_id, bid_of)
    await page.get_by_role("button", name="Træf tildelingsbeslutning").click()
    await page.wait_for_selector("#winner")
    award = (await suite["procurement"].get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER)).json()
    assert await page.locator("#winner").text_content() == by_bid[award["winner_bid_id"]]
    await accessible(page, "09-award")

    await page.goto(f"{portal}/language/en?back=/tenders/{tender_id}/evaluation")
    assert await page.get_by_role("heading", name="Award").count() == 1, "the English switch"
    await accessible(page, "10-award-english")


async def draft_after_a_weights_mistake(page: Any, suite: SuiteInProcess, portal: str) -> str:
    procurement = suite["procurement"]
    await page.get_by_role("link", name="Nyt udbud").first.click()
    await accessible(page, "03-tender-editor")
    await fill_tender(page, "KOL-2026-PORTAL", social_weight="20")
    assert await page.locator("#weights-total").text_content() == "95", "the sum follows the typing"
    await page.get_by_role("button", name="Gem kladde").click()
    assert "Vægtene skal summere til 100 %." in await page.locator(".problems").text_content()
    await accessible(page, "04-tender-editor-problems")
    await page.get_by_label("Social værdi (%)", exact=True).fill("25")
    await page.get_by_role("button", name="Gem kladde").click()
    await page.wait_for_url(f"{portal}/tenders/*")
    tender_id = page.url.rsplit("/", 1)[-1]
    stored = (await procurement.get(f"/tenders/{tender_id}", headers=OFFICER)).json()
    assert (stored["reference"], stored["status"]) == ("KOL-2026-PORTAL", "draft")
    weights = [c["weight"] for c in stored["lots"][0]["evaluation_model"]["criteria"]]
    assert weights == ["0.4", "0.35", "0.25"]
    assert await page.locator("#status").text_content() == "Kladde"
    await accessible(page, "05-tender-draft")
    return tender_id


async def publish_and_answer_a_question(page: Any, suite: SuiteInProcess, tender_id: str) -> dict[str, str]:
    procurement = suite["procurement"]
    await page.get_by_role("button", name="Offentliggør").click()
    await page.wait_for_selector("text=Udbuddet er offentliggjort.")
    assert (await procurement.get(f"/tenders/{tender_id}")).json()["status"] == "published"

    bidder_of, bid_of = await register_and_bid(procurement, tender_id)
    asked = await procurement.post(
        f"/tenders/{tender_id}/questions",
        json={"question": "Må vi bruge elmaskiner?"},
        headers=as_bidder(bidder_of["Grøn Service A/S"]),
    )
    assert asked.status_code == 201, asked.text
    await page.reload()
    await accessible(page, "06-tender-published-question")
    await page.get_by_label("Svar").fill("Ja, gerne.")
    await page.get_by_role("button", name="Offentliggør svar").click()
    await page.wait_for_selector("text=Ja, gerne.")
    answered = (await procurement.get(f"/tenders/{tender_id}/questions")).json()
    assert [q["answer"] for q in answered] == ["Ja, gerne."], "the answer is public"
    return bid_of


async def form_the_committee_and_close(page: Any, suite: SuiteInProcess, tender_id: str) -> None:
    procurement = suite["procurement"]
    await page.get_by_role("link", name="Evaluering").click()
    assert "Tilbuddene er forseglede indtil fristen." in await page.content()
    await page.get_by_label("Bedømmerens bruger-id (e-mail)").fill(METTE_ID)
    await page.get_by_role("button", name="Tilføj til udvalget").click()
    await page.wait_for_selector(f"text={METTE_ID}")
    declared = await procurement.post(
        f"/tenders/{tender_id}/committee/declaration",
        json={"has_conflict": False},
        headers=bearer("evaluator", METTE_ID),
    )
    assert declared.status_code == 200, declared.text

    suite.clock.advance(timedelta(days=36))

    async def closed() -> bool:
        return (await procurement.get(f"/tenders/{tender_id}")).json()["status"] == "closed"

    await eventually(closed)


async def consensus_compliance_and_evaluation(
    page: Any, suite: SuiteInProcess, tender_id: str, bid_of: dict[str, str]
) -> dict[str, str]:
    """The recorded steps on the evaluation page, and the ranking it then shows; the bidders' names by bid id."""
    procurement = suite["procurement"]
    await page.reload()
    assert "Erklæret: ingen interessekonflikt" in await page.content()
    for name, points in QUALITY.items():
        await page.get_by_label("Point (0–10)").nth(list(QUALITY).index(name)).fill(points)
        await page.get_by_label("Begrundelse").nth(list(QUALITY).index(name)).fill(f"{name}: plejeplanen vurderet.")
    await accessible(page, "07-evaluation-consensus")
    await page.get_by_role("button", name="Gem konsensus").click()
    await page.wait_for_url("**#consensus")
    for name in QUALITY:
        form = page.locator(f"form[action$='/bids/{bid_of[name]}/compliance']")
        await form.get_by_role("button", name="Registrér").click()
        await page.wait_for_url("**#compliance")
    await page.get_by_role("button", name="Kør evaluering").click()

    async def ranked() -> bool:
        await page.reload()
        return await page.locator("#ranking").count() == 1

    await eventually(ranked, timeout=60)
    runs = (await procurement.get(f"/tenders/{tender_id}/lots/1/evaluations", headers=OFFICER)).json()
    by_bid = {bid: name for name, bid in bid_of.items()}
    expected_order = [by_bid[entry["bid_id"]] for entry in runs[-1]["result"]["ranking"]]
    shown_order = [
        (await row.locator("td").nth(1).text_content()) for row in await page.locator("#ranking tbody tr").all()
    ]
    assert shown_order == expected_order, "the page ranks as the scoring service did"
    bars = await page.locator(".bar").all()
    assert len(bars) == 3
    assert expected_order[0] in (await bars[0].get_attribute("aria-label") or "")
    await accessible(page, "08-evaluation-result")
    return by_bid


async def test_an_officer_publishes_with_the_keyboard_alone(running: tuple[SuiteInProcess, str], browser: Any) -> None:
    suite, portal = running
    procurement = suite["procurement"]
    draft = park_tender(NOW + timedelta(days=35))
    tender_id = (await procurement.post("/tenders", json=draft, headers=OFFICER)).json()["id"]
    page = await browser.new_page(locale="da-DK")
    await page.goto(f"{portal}/sign-in?next=/tenders/{tender_id}")

    async def tab_to(text: str) -> None:
        for _ in range(30):
            await page.keyboard.press("Tab")
            focused = await page.evaluate("document.activeElement && document.activeElement.textContent")
            if focused and text in focused:
                return
        raise AssertionError(f"Tab never reached {text!r}")

    await tab_to("Anne Holm")
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"{portal}/tenders/{tender_id}")
    await tab_to("Offentliggør")
    await page.keyboard.press("Enter")
    await page.wait_for_selector("text=Udbuddet er offentliggjort.")
    assert (await procurement.get(f"/tenders/{tender_id}")).json()["status"] == "published"
    await accessible(page, "11-keyboard-published")
