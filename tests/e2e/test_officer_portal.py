"""The officers' pages in a real headless Chromium, on the four services and the real broker. An officer signs in,
drafts a tender (first with weights that do not add up), publishes it and answers a bidder's question; an
evaluator declares no conflict and scores quality with justifications; the officer records the consensus and
compliance, runs the evaluation, reads the bars, the sensitivity and each bidder's notice, decides the award, is
refused the contract during the standstill and signs it after. The pages show what the services hold. Another
journey is done with the keyboard alone. Every page visited passes axe-core and is screenshotted."""

from datetime import datetime, timedelta
from typing import Any

from services.portal.domain import local_time
from tests.support.browser import accessible
from tests.support.kafka import eventually
from tests.support.samples import NOW
from tests.support.suite import SuiteInProcess
from tests.support.tenders import OFFICER, as_bidder, park_tender, register_and_bid

METTE_ID = "mette.evaluator@kolding.dk"
QUALITY = {"Grøn Service A/S": "6", "Jobværkstedet ApS": "7", "Park & Vej A/S": "8"}


async def signed_in(browser: Any, portal: str, who: str, landing: str = "/tenders") -> Any:
    """A page of a fresh browser context (its own cookies) signed in as the demo user whose button says `who`."""
    page = await (await browser.new_context(locale="da-DK")).new_page()
    await page.goto(f"{portal}{landing}")
    assert "/sign-in" in page.url, "an anonymous visitor is sent to sign in"
    await page.get_by_role("button", name=who).click()
    await page.wait_for_url(f"{portal}{landing}")
    return page


async def test_an_officer_takes_a_tender_from_draft_to_contract(
    running: tuple[SuiteInProcess, str], browser: Any
) -> None:
    suite, portal = running
    officer = await signed_in(browser, portal, "Anne Holm – indkøber")
    await accessible(officer, "02-tenders-empty")
    tender_id = await draft_after_a_weights_mistake(officer, suite, portal)
    bid_of = await publish_and_answer_a_question(officer, suite, tender_id)
    names = {bid: name for name, bid in bid_of.items()}
    await officer.get_by_role("link", name="Evaluering").click()
    assert "Tilbuddene er forseglede indtil fristen." in await officer.content()
    await officer.get_by_label("Bedømmerens bruger-id (e-mail)").fill(METTE_ID)
    await officer.get_by_role("button", name="Tilføj til udvalget").click()
    await officer.wait_for_selector(f"text={METTE_ID}")

    evaluator = await signed_in(browser, portal, "Mette Lund – bedømmer", f"/tenders/{tender_id}/evaluation")
    await evaluator_declares_and_scores(evaluator, suite, tender_id)

    await officer.reload()
    assert await officer.locator("#points tbody tr").count() == 3, "the officer sees the evaluator's points"
    await consensus_compliance_and_evaluation(officer, suite, tender_id, names)
    await award_and_contract(officer, suite, tender_id, names)

    await officer.goto(f"{portal}/language/en?back=/tenders/{tender_id}/evaluation")
    assert await officer.get_by_role("heading", name="Award").count() == 1, "the English switch"
    await accessible(officer, "12-contract-english")

    await officer.goto(f"{portal}/language/da?back=/impact")
    winner = names[await winner_of(suite, tender_id)]
    measured = (await suite["procurement"].get("/impact")).json()["contracts"]
    assert [m["supplier"] for m in measured] == [winner], "the signed contract is measured"
    assert winner in await officer.locator("#impact-contracts").text_content()
    await accessible(officer, "13-impact-dashboard")


async def winner_of(suite: SuiteInProcess, tender_id: str) -> str:
    award = (await suite["procurement"].get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER)).json()
    return str(award["winner_bid_id"])


async def draft_after_a_weights_mistake(page: Any, suite: SuiteInProcess, portal: str) -> str:
    await page.get_by_role("link", name="Nyt udbud").first.click()
    await accessible(page, "03-tender-editor")
    await fill_tender(page, "KOL-2026-PORTAL", social_weight="20")
    assert await page.locator("#weights-total").text_content() == "95", "the sum follows the typing"
    await page.get_by_role("button", name="Gem kladde").click()
    assert "Vægtene skal summere til 100 %." in await page.locator(".problems").text_content()
    await accessible(page, "04-tender-editor-problems")
    await page.get_by_label("Social værdi (%)", exact=True).fill("25")
    await page.get_by_role("button", name="Beregn forhåndsvisning").click()
    await page.wait_for_selector("#preview-result")
    assert await page.locator("#preview-result .bar").count() == 3, "the sample bids scored by the scoring service"
    await accessible(page, "05-tender-editor-preview")
    await page.get_by_role("button", name="Gem kladde").click()
    await page.wait_for_url(f"{portal}/tenders/*")
    tender_id: str = page.url.rsplit("/", 1)[-1]
    stored = (await suite["procurement"].get(f"/tenders/{tender_id}", headers=OFFICER)).json()
    assert (stored["reference"], stored["status"]) == ("KOL-2026-PORTAL", "draft")
    weights = [c["weight"] for c in stored["lots"][0]["evaluation_model"]["criteria"]]
    assert weights == ["0.4", "0.35", "0.25"]
    assert await page.locator("#status").text_content() == "Kladde"
    await accessible(page, "05b-tender-draft")
    return tender_id


async def fill_tender(page: Any, reference: str, social_weight: str) -> None:
    fields = {
        "Referencenummer": reference,
        "Titel": "Parkpleje og grønne områder 2027–2029",
        "CPV-koder (adskilt af komma)": "77311000-3",
        "Anslået værdi (kr. ekskl. moms)": "2600000",
        "Dato for tilbudsfrist": (NOW + timedelta(days=35)).date().isoformat(),
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


async def publish_and_answer_a_question(page: Any, suite: SuiteInProcess, tender_id: str) -> dict[str, str]:
    procurement = suite["procurement"]
    await page.get_by_role("button", name="Offentliggør").click()
    await page.wait_for_selector("text=Udbuddet er offentliggjort.")
    assert (await procurement.get(f"/tenders/{tender_id}")).json()["status"] == "published"
    bidder_of, bid_of = await register_and_bid(procurement, tender_id)
    question = {"question": "Må vi bruge elmaskiner?"}
    headers = as_bidder(bidder_of["Grøn Service A/S"])
    assert (
        await procurement.post(f"/tenders/{tender_id}/questions", json=question, headers=headers)
    ).status_code == 201
    await page.reload()
    await accessible(page, "06-tender-published-question")
    await page.get_by_label("Svar").fill("Ja, gerne.")
    await page.get_by_role("button", name="Offentliggør svar").click()
    await page.wait_for_selector("text=Ja, gerne.")
    answered = (await procurement.get(f"/tenders/{tender_id}/questions")).json()
    assert [q["answer"] for q in answered] == ["Ja, gerne."], "the answer is public"
    return bid_of


async def evaluator_declares_and_scores(page: Any, suite: SuiteInProcess, tender_id: str) -> None:
    procurement = suite["procurement"]
    await accessible(page, "07-evaluator-declaration")
    await page.get_by_label("Jeg har ingen interessekonflikt i dette udbud").check()
    await page.get_by_role("button", name="Afgiv erklæring").click()
    await page.wait_for_selector("text=Erklæret: ingen interessekonflikt")
    suite.clock.advance(timedelta(days=36))

    async def closed() -> bool:
        return (await procurement.get(f"/tenders/{tender_id}")).json()["status"] == "closed"

    await eventually(closed)
    await page.reload()
    await points_typed(page, "Plejeplanen vurderet til {points} point.")
    await accessible(page, "08-evaluator-points")
    await page.get_by_role("button", name="Gem mine point").click()
    await page.wait_for_selector("#points")
    mine = (await procurement.get(f"/tenders/{tender_id}/lots/1/points", headers=OFFICER)).json()
    assert sorted(p["points"] for p in mine) == ["6", "7", "8"]
    assert all(p["evaluator_id"] == METTE_ID and p["justification"] for p in mine)


async def points_typed(page: Any, justification: str) -> None:
    """Each bid's quality points (QUALITY, in the page's order) with a justification naming them."""
    for n, points in enumerate(QUALITY.values()):
        await page.get_by_label("Point (0–10)").nth(n).fill(points)
        await page.get_by_label("Begrundelse").nth(n).fill(justification.format(points=points))


async def consensus_compliance_and_evaluation(
    page: Any, suite: SuiteInProcess, tender_id: str, names: dict[str, str]
) -> None:
    await points_typed(page, "Enighed: plejeplanen vurderet til {points} point.")
    await accessible(page, "09-officer-consensus")
    await page.get_by_role("button", name="Gem konsensus").click()
    await page.wait_for_url("**#consensus")
    for form in await page.locator("form[action*='/assessments']").all():  # the first choice: compliant
        await form.get_by_role("button", name="Registrér").click()
        await page.wait_for_url("**#assessments")
    await page.get_by_role("button", name="Kør evaluering").click()

    async def ranked() -> bool:
        await page.reload()
        return await page.locator("#ranking").count() == 1

    await eventually(ranked, timeout=60)
    runs = (await suite["procurement"].get(f"/tenders/{tender_id}/lots/1/evaluations", headers=OFFICER)).json()
    expected = [names[entry["bid_id"]] for entry in runs[-1]["result"]["ranking"]]
    rows = await page.locator("#ranking tbody tr").all()
    assert [await row.locator("td").nth(1).text_content() for row in rows] == expected, "ranked as scoring did"
    bars = await page.locator(".bar").all()
    assert [expected[0] in (await bar.get_attribute("aria-label") or "") for bar in bars] == [True, False, False]
    assert await page.locator("#sensitivity tbody tr").count() == 3, "a sensitivity row for each criterion"
    assert await page.locator("#notices tbody tr").count() == 3, "each bidder's notice, previewed"
    await accessible(page, "10-evaluation-result")


async def award_and_contract(page: Any, suite: SuiteInProcess, tender_id: str, names: dict[str, str]) -> None:
    procurement = suite["procurement"]
    await page.get_by_role("button", name="Træf tildelingsbeslutning").click()
    await page.wait_for_selector("#winner")
    award = (await procurement.get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER)).json()
    assert await page.locator("#winner").text_content() == names[award["winner_bid_id"]]

    async def standstill_started() -> Any:
        found = (await procurement.get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER)).json()
        return found["standstill_ends_at"]

    ends_at = await eventually(standstill_started, timeout=60)
    await page.reload()
    assert (await page.locator("#standstill").text_content() or "").strip() == local_time(ends_at)
    await accessible(page, "11-award-standstill")
    await page.get_by_role("button", name="Underskriv kontrakten").click()
    assert "standstill-perioden løber til" in await page.locator("[role=alert]").text_content()
    suite.clock.advance(datetime.fromisoformat(ends_at.replace("Z", "+00:00")) - suite.clock.now() + timedelta(hours=1))
    await page.goto(page.url.split("/contract")[0] + "/evaluation")
    await page.get_by_role("button", name="Underskriv kontrakten").click()
    await page.wait_for_selector("text=Sociale mål")
    contract = (await procurement.get(f"/tenders/{tender_id}/lots/1/contract", headers=OFFICER)).json()
    assert contract["targets"], "the winner's commitments became the contract's targets"
    for target in contract["targets"]:
        assert f"{target['quantity']} × {target['proxy']}" in await page.content()


async def test_an_officer_publishes_with_the_keyboard_alone(running: tuple[SuiteInProcess, str], browser: Any) -> None:
    suite, portal = running
    procurement = suite["procurement"]
    draft = park_tender(NOW + timedelta(days=35))
    tender_id = (await procurement.post("/tenders", json=draft, headers=OFFICER)).json()["id"]
    page = await browser.new_page(locale="da-DK")
    await page.goto(f"{portal}/sign-in?next=/tenders/{tender_id}")
    await accessible(page, "01-sign-in")

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
    await accessible(page, "13-keyboard-published")
