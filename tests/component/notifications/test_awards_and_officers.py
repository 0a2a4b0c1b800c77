"""From the evaluation to the contract: the officer told the evaluation finished, every bidder its award notice
with the winner's advantages, then the standstill's end; the supplier its contract, the others only that it was
signed. Officers are recipients too, known from the tender's publication."""

from pathlib import Path

from services.notifications.main import create_app
from shared.clock import ManualClock
from shared.events import Actor
from tests.component.notifications.conftest import Notifications, settings_for
from tests.support.component import in_memory
from tests.support.notification_scenario import (
    AS_OFFICER,
    BIDDERS,
    GROEN,
    JOB,
    NORDIC,
    NOW,
    OFFICER,
    award_decided,
    bid_received,
    contract_signed,
    evaluation_completed,
    outcome_report_due,
    published,
    registered,
    standstill_started,
)


async def test_a_runner_up_reads_where_the_winner_did_better_with_the_committees_justification(
    notifications: Notifications,
) -> None:
    await notifications.deliver(published(), registered(GROEN), award_decided())
    await notifications.compose()

    [notice] = await notifications.inbox(GROEN)
    assert "Det vindende tilbuds relative fordele i forhold til jeres tilbud:" in notice["body_text"]
    assert "Kvalitet: vinderen 9,00 point, I 6,00 point (forskel 3,00)" in notice["body_text"]
    assert "Bedømmelsesudvalgets begrundelse: Klar plejeplan" in notice["body_text"]
    assert "Social værdi: vinderen 7,00 point, I 6,00 point (forskel 1,00)" in notice["body_text"]


async def test_every_bidder_told_of_the_award_is_told_when_the_standstill_ends(notifications: Notifications) -> None:
    award = award_decided()
    await notifications.deliver(published(), *(registered(b) for b in BIDDERS), award, standstill_started(award))
    await notifications.compose()

    for bidder in BIDDERS:
        assert sorted(await notifications.kinds_told(bidder)) == ["award_notice", "standstill_ends"]
    [to_nordic] = [m for m in await notifications.inbox(NORDIC) if m["kind"] == "standstill_ends"]
    assert "The standstill period ends 7 December 2026 at 23:59:59 (Copenhagen time)." in to_nordic["body_text"]


async def test_the_supplier_reads_its_contract_and_the_other_bidders_only_that_it_was_signed(
    notifications: Notifications,
) -> None:
    await notifications.deliver(published(), *(registered(b) for b in BIDDERS), bid_received(NORDIC))
    await notifications.deliver(award_decided(), contract_signed())
    await notifications.compose()

    supplier, other = [
        next(m for m in await notifications.inbox(bidder) if m["kind"] == "contract_signed") for bidder in (JOB, GROEN)
    ]
    assert "Kontraktsum:  2.760.000,00 kr." in supplier["body_text"]
    assert "indgået kontrakt med Jobværkstedet ApS" in other["body_text"]
    assert "2.760.000" not in other["body_text"] + other["body_html"]
    assert "contract_signed" in await notifications.kinds_told(NORDIC)


async def test_the_supplier_is_reminded_of_an_outcome_report_due_and_told_when_it_is_late(
    notifications: Notifications,
) -> None:
    await notifications.deliver(published(), registered(JOB), outcome_report_due(), outcome_report_due(late=True))
    await notifications.compose()

    subjects = sorted(m["subject"] for m in await notifications.inbox(JOB))
    assert subjects == [
        "Afrapportering af sociale resultater: KOL-2026-017 Parkpleje i Kolding",
        "Afrapportering mangler: KOL-2026-017 Parkpleje i Kolding",
    ]


async def test_the_officer_who_published_is_told_the_evaluation_finished_by_email_and_in_its_inbox(
    notifications: Notifications,
) -> None:
    await notifications.deliver(evaluation_completed())  # before the publication: waits for its officer
    await notifications.compose()
    [waiting] = [n for n in (await notifications.status())["notifications"] if n["channel"] == "email"]
    assert waiting["waiting_for"] == ["recipient", "tender"]

    await notifications.deliver(published())
    await notifications.compose()

    [message] = await notifications.officer_inbox(OFFICER.id)
    assert message["subject"] == "Evalueringen er færdig: KOL-2026-017 Parkpleje i Kolding, delaftale Parkpleje"
    assert "2 tilbud er rangeret, 1 er udelukket" in message["body_text"]
    told = {
        (n["recipient_id"], n["recipient_kind"], n["channel"]) for n in (await notifications.status())["notifications"]
    }
    assert told == {(OFFICER.id, "officer", "email"), (OFFICER.id, "officer", "inbox")}
    profile = (await notifications.service.http.get(f"/recipients/{OFFICER.id}", headers=AS_OFFICER)).json()
    assert profile["email"] == OFFICER.id


async def test_an_officer_whose_id_is_no_email_address_is_mailed_at_the_shared_mailbox(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, officers_email="udbud-team@kolding.dk")
    app = create_app(settings, clock=ManualClock(NOW))
    by_name = published().model_copy(update={"actor": Actor(kind="user", id="officer-anne", role="officer")})
    async with in_memory(app) as service:
        await service.deliver(by_name)
        profile = (await service.http.get("/recipients/officer-anne", headers=AS_OFFICER)).json()
    assert (profile["kind"], profile["email"]) == ("officer", "udbud-team@kolding.dk")
