"""The bidders' pages in a real headless Chromium, on the four services and the real broker: an enterprise
registers (after a CVR typo), finds the tender, computes its own score, submits its sealed bid and reads the
receipt; after the award it reads its notice in the inbox. A second bid is submitted with the keyboard alone.
Every page visited passes axe-core."""

from datetime import datetime, timedelta
from typing import Any

from services.portal.domain import kroner
from tests.support.browser import accessible
from tests.support.kafka import eventually
from tests.support.samples import NOW
from tests.support.suite import SuiteInProcess
from tests.support.tenders import OFFICER, as_bidder, consensus, park_tender

# What the keyboard's focus is on, as a person hears it: a field's label, or a button's text.
FOCUSED_NAME = """(() => {
    const element = document.activeElement;
    const label = element.labels && element.labels[0];
    return (label ? label.textContent : element.textContent) || "";
})()"""


async def published_tender(suite: SuiteInProcess) -> str:
    procurement = suite["procurement"]
    tender_id: str = (
        await procurement.post("/tenders", json=park_tender(NOW + timedelta(days=35)), headers=OFFICER)
    ).json()["id"]
    assert (await procurement.post(f"/tenders/{tender_id}/publish", headers=OFFICER)).status_code == 200
    return tender_id


async def register_in_the_portal(page: Any, portal: str, name: str, cvr: str) -> None:
    await page.goto(f"{portal}/sign-in")
    await page.get_by_role("link", name="Ny tilbudsgiver? Registrér virksomheden").click()
    await page.get_by_label("Virksomhedens navn").fill(name)
    await page.get_by_label("CVR-nummer").fill("13585629")
    await page.get_by_label("E-mail til tilbud og meddelelser").fill(f"tilbud@{cvr}.example.dk")
    await page.get_by_role("button", name="Registrér virksomheden").click()
    assert "modulus-11" in await page.locator("#cvr-problem").text_content(), "a CVR typo is named on its field"
    await accessible(page, "b01-register-cvr-problem")
    await page.get_by_label("CVR-nummer").fill(cvr)
    await page.get_by_role("button", name="Registrér virksomheden").click()
    await page.wait_for_url(f"{portal}/tenders")


async def test_a_bidder_registers_scores_bids_and_reads_its_award_notice(
    running: tuple[SuiteInProcess, str], browser: Any
) -> None:
    suite, portal = running
    tender_id = await published_tender(suite)
    page = await (await browser.new_context(locale="da-DK")).new_page()
    await register_in_the_portal(page, portal, "Jobværkstedet ApS", "13585628")
    await page.get_by_label("Kun udbud med sociale klausuler eller reservation").check()
    await page.get_by_role("button", name="Filtrér").click()
    await accessible(page, "b02-open-tenders")
    await page.get_by_role("link", name="Parkpleje og grønne områder 2027–2029").click()
    assert await page.locator("table").first.locator("tbody tr").count() == 3, "the published model's criteria"
    await accessible(page, "b02b-tender-for-bidders")
    await page.get_by_role("link", name="Dit tilbud").click()
    await accessible(page, "b02c-bid-form")

    await page.get_by_label("Samlet pris (kr. ekskl. moms)").fill("2760000")
    await page.get_by_label("Ledige ansat (årsværk)", exact=True).fill("3")
    await page.get_by_label("Lærlinge (årsværk)", exact=True).fill("1")
    await page.get_by_label("Forventede kvalitetspoint (0–10)").fill("7")
    await page.get_by_label("Andet tilbud 1: Pris (kr.)").fill("2400000")
    await page.get_by_role("button", name="Beregn score").click()
    await page.wait_for_selector("#own-score")
    assert "Dit tilbud" in await page.locator("#own-score").text_content()
    await accessible(page, "b03-own-score")
    assert (await suite["procurement"].get(f"/tenders/{tender_id}")).json()["bids_received"] == 0

    await page.get_by_role("button", name="Afgiv tilbud").click()
    await page.wait_for_selector("#commitment")
    await accessible(page, "b04-receipt")
    [received] = [b for b in await opened_after_deadline(suite, tender_id) if b["bidder_name"] == "Jobværkstedet ApS"]
    assert await page.locator("#commitment").text_content() == received["commitment_sha256"]
    assert received["content"]["social_commitments"] == [
        {"proxy": "DK_LTU_HIRE", "quantity": "3"},
        {"proxy": "DK_APPRENTICE_YEAR", "quantity": "1"},
    ]

    await award_the_tender(suite, tender_id)

    async def notice_arrived() -> bool:
        await page.goto(f"{portal}/inbox")
        return "Tildelingsbeslutning" in await page.content()

    await eventually(notice_arrived, timeout=60)
    assert "Klagenævnet for Udbud" in await page.content(), "the notice carries the complaint guidance"
    await accessible(page, "b05-inbox-award-notice")

    await an_auditor_reads_the_trail(browser, portal, tender_id)
    await the_outcome_is_reported_and_verified(page, browser, suite, portal, tender_id)


async def an_auditor_reads_the_trail(browser: Any, portal: str, tender_id: str) -> None:
    auditor = await (await browser.new_context(locale="da-DK")).new_page()
    await auditor.goto(f"{portal}/sign-in?next=/audit")
    await auditor.get_by_role("button", name="Ida Brandt – revisor").click()
    await auditor.get_by_label("Udbud (id)").fill(tender_id)
    await auditor.get_by_role("button", name="Filtrér").click()
    assert await auditor.locator("#entries tbody tr").count() >= 5, "the tender's trail: published, bids, award …"
    await accessible(auditor, "b07-audit-log")
    await auditor.get_by_role("link", name="Tidslinje").click()
    timeline = await auditor.locator("#timeline").text_content() or ""
    for step in (
        "Udbud offentliggjort",
        "Tilbud modtaget",
        "Tilbud åbnet",
        "Evaluering gennemført",
        "Tildeling besluttet",
    ):
        assert step in timeline, f"the timeline tells {step!r}"
    await accessible(auditor, "b07b-timeline")
    await auditor.go_back()
    await auditor.locator("#entries tbody tr a").first.click()
    await auditor.wait_for_selector("#payload")
    await accessible(auditor, "b08-audit-entry")
    await auditor.goto(f"{portal}/audit?tender_id={tender_id}")
    await auditor.get_by_role("link", name="Genberegn udbuddets evaluering fra loggen").click()
    assert "Ingen forskelle" in await auditor.locator("#verdict").text_content(), "the award re-computes"
    await accessible(auditor, "b08b-recomputation")
    await auditor.goto(f"{portal}/audit")
    await auditor.get_by_role("link", name="Kontrollér hele kæden og kontrolpunkterne").click()
    assert "Kæden er intakt" in await auditor.locator("#verdict").text_content()
    await accessible(auditor, "b08c-verification")


async def the_outcome_is_reported_and_verified(
    page: Any, browser: Any, suite: SuiteInProcess, portal: str, tender_id: str
) -> None:
    contract_id = await sign_after_the_standstill(suite, tender_id)
    suite.clock.advance(timedelta(days=200))  # the contract starts 1 April 2027: its first quarter has ended
    await page.goto(f"{portal}/contracts")
    await accessible(page, "b09a-contracts")
    await page.get_by_role("link", name=contract_id[:8]).click()
    await page.get_by_label("Ansættelse af langtidsledig (årsværk) – leveret (årsværk)").fill("0.75")
    await page.get_by_label("Henvisninger til dokumentation (adskilt af komma; aldrig navne)").fill("bilag-1")
    await accessible(page, "b09-outcome-report")
    await page.get_by_role("button", name="Indsend rapporten").click()
    await page.wait_for_selector("text=indsendt, afventer kontrol")

    officer = await (await browser.new_context(locale="da-DK")).new_page()
    await officer.goto(f"{portal}/sign-in?next=/contracts/{contract_id}")
    await officer.get_by_role("button", name="Anne Holm – indkøber").click()
    await officer.get_by_label("Godkend rapporten").check()
    await accessible(officer, "b10-report-review")
    await officer.get_by_role("button", name="Registrér kontrollen").click()
    await officer.wait_for_selector("text=godkendt")
    [measured] = (await suite["procurement"].get("/impact")).json()["contracts"]
    assert measured["delivered"] == {"DK_LTU_HIRE": "0.75", "DK_APPRENTICE_YEAR": "0"}, "verified, and only that"
    await officer.goto(f"{portal}/impact")
    shown = await officer.locator("#impact-contracts tbody tr").first.text_content()
    assert "Jobværkstedet ApS" in shown
    assert kroner(measured["delivered_dkk"]) in shown, "the dashboard shows the verified figures"
    await accessible(officer, "b11-impact-dashboard")


async def opened_after_deadline(suite: SuiteInProcess, tender_id: str) -> list[dict[str, Any]]:
    """Two more bids by the API, the deadline passed, the bids opened: what the officer reads."""
    procurement = suite["procurement"]
    for name, cvr, price in (("Grøn Service A/S", "13748136", "2400000"), ("Park & Vej A/S", "40084525", "2580000")):
        bidder_id = (
            await procurement.post("/bidders", json={"name": name, "cvr": cvr, "email": f"t@{cvr}.dk"})
        ).json()["id"]
        bid = await procurement.post(f"/tenders/{tender_id}/bids", json={"price": price}, headers=as_bidder(bidder_id))
        assert bid.status_code == 201, bid.text
    suite.clock.advance(timedelta(days=36))

    async def opened() -> Any:
        response = await procurement.get(f"/tenders/{tender_id}/bids", headers=OFFICER)
        return response.json() if response.status_code == 200 else None

    found: list[dict[str, Any]] = await eventually(opened)
    return found


async def award_the_tender(suite: SuiteInProcess, tender_id: str) -> None:
    procurement = suite["procurement"]
    bids = (await procurement.get(f"/tenders/{tender_id}/bids", headers=OFFICER)).json()
    agreed = consensus({bid["bid_id"]: "7" for bid in bids})
    assert (
        await procurement.post(f"/tenders/{tender_id}/lots/1/consensus", json=agreed, headers=OFFICER)
    ).status_code == 200
    assert (await procurement.post(f"/tenders/{tender_id}/lots/1/evaluations", headers=OFFICER)).status_code == 202

    async def evaluated() -> bool:
        runs = (await procurement.get(f"/tenders/{tender_id}/lots/1/evaluations", headers=OFFICER)).json()
        return bool(runs) and runs[-1]["status"] == "completed"

    await eventually(evaluated, timeout=60)
    assert (await procurement.post(f"/tenders/{tender_id}/lots/1/award", json={}, headers=OFFICER)).status_code == 200


async def sign_after_the_standstill(suite: SuiteInProcess, tender_id: str) -> str:
    procurement = suite["procurement"]

    async def standstill_end() -> Any:
        award = (await procurement.get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER)).json()
        return award["standstill_ends_at"]

    ends_at = datetime.fromisoformat((await eventually(standstill_end, timeout=60)).replace("Z", "+00:00"))
    suite.clock.advance(ends_at - suite.clock.now() + timedelta(hours=1))
    signed = await procurement.post(f"/tenders/{tender_id}/lots/1/contract", headers=OFFICER)
    assert signed.status_code == 201, signed.text
    return str(signed.json()["contract_id"])


async def test_a_bid_is_submitted_with_the_keyboard_alone(running: tuple[SuiteInProcess, str], browser: Any) -> None:
    suite, portal = running
    tender_id = await published_tender(suite)
    page = await (await browser.new_context(locale="da-DK")).new_page()
    await register_in_the_portal(page, portal, "Park & Vej A/S", "40084525")
    await page.goto(f"{portal}/tenders/{tender_id}/bid")

    async def tab_to(label: str) -> None:
        for _ in range(40):
            await page.keyboard.press("Tab")
            focused = await page.evaluate(FOCUSED_NAME)
            if label in focused:
                return
        raise AssertionError(f"Tab never reached {label!r}")

    await tab_to("Samlet pris")
    await page.keyboard.type("2580000")
    await tab_to("Ledige ansat")
    await page.keyboard.type("1")
    await tab_to("Afgiv tilbud")
    await page.keyboard.press("Enter")
    await page.wait_for_selector("#commitment")
    await accessible(page, "b06-keyboard-receipt")
    assert (await suite["procurement"].get(f"/tenders/{tender_id}")).json()["bids_received"] == 1
