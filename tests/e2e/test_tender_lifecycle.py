"""One tender's lifecycle through all four services over real HTTP, a real Kafka broker and a real SMTP server:
publish → bids → the deadline passes (the clock is moved) → evaluation → award → notices → audit trail."""

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from shared.clock import ManualClock
from tests.support.identities import bearer
from tests.support.kafka import eventually
from tests.support.samples import NOW
from tests.support.suite import SuiteInProcess, suite_in_process
from tests.support.tenders import OFFERS, OFFICER, as_bidder, consensus, park_tender


@pytest.fixture
async def suite(kafka_bootstrap: str, tmp_path: Path) -> AsyncIterator[SuiteInProcess]:
    async with suite_in_process(kafka_bootstrap, tmp_path, ManualClock(NOW)) as running:
        yield running


async def json_when(fetch: Callable[[], Any], accept: Callable[[Any], bool], timeout: float = 30) -> Any:
    """Poll an HTTP GET until its JSON satisfies `accept`: the suite is eventually consistent by design."""

    async def check() -> Any:
        response = await fetch()
        return response.json() if response.status_code == 200 and accept(response.json()) else None

    return await eventually(check, timeout=timeout)


async def test_a_tender_from_publication_to_award_notices_and_audit(suite: SuiteInProcess) -> None:
    procurement, scoring, notifications, audit = (
        suite[name] for name in ("procurement", "scoring", "notifications", "audit")
    )
    created = await procurement.post("/tenders", json=park_tender(NOW + timedelta(days=30)), headers=OFFICER)
    assert created.status_code == 201, created.text
    tender_id = created.json()["id"]
    assert (await procurement.post(f"/tenders/{tender_id}/publish", headers=OFFICER)).status_code == 200

    bidders: dict[str, str] = {}  # bid id → bidder name
    bidder_ids: dict[str, str] = {}  # bidder name → bidder id
    for name, cvr, price, commitments, _ in OFFERS:
        registration = {"name": name, "cvr": cvr, "email": f"tilbud@{cvr}.example.dk"}
        bidder_ids[name] = (await procurement.post("/bidders", json=registration)).json()["id"]
        body = {
            "price": price,
            "social_commitments": [{"proxy": p, "quantity": q} for p, q in commitments],
        }
        receipt = await procurement.post(f"/tenders/{tender_id}/bids", json=body, headers=as_bidder(bidder_ids[name]))
        assert receipt.status_code == 201, receipt.text
        bidders[receipt.json()["bid_id"]] = name

    suite.clock.advance(timedelta(days=30))
    tender = await json_when(lambda: procurement.get(f"/tenders/{tender_id}"), lambda t: t["status"] == "closed")
    assert tender["bids_received"] == 3

    quality = {name: points for name, *_, points in OFFERS}
    agreed = consensus({bid_id: quality[name] for bid_id, name in bidders.items()})
    assert (await procurement.post(f"/tenders/{tender_id}/lots/1/consensus", json=agreed, headers=OFFICER)).is_success
    evaluations = f"/tenders/{tender_id}/lots/1/evaluations"
    asked = (await procurement.post(evaluations, headers=OFFICER)).json()
    [run] = await json_when(
        lambda: procurement.get(evaluations, headers=OFFICER), lambda runs: runs[0]["status"] != "requested"
    )
    assert run["status"] == "completed", run
    ranking = [(bidders[entry["bid_id"]], entry["total"]) for entry in run["result"]["ranking"]]
    assert ranking == [("Jobværkstedet ApS", "7.7500"), ("Park & Vej A/S", "7.3272"), ("Grøn Service A/S", "6.3232")]
    stored = (await scoring.get(f"/evaluations/{asked['request_event_id']}", headers=OFFICER)).json()
    assert stored["result"] == run["result"], "scoring keeps exactly the answer procurement recorded"

    award = await procurement.post(f"/tenders/{tender_id}/lots/1/award", json={}, headers=OFFICER)
    assert award.json()["winner"] == "Jobværkstedet ApS"
    decided = await json_when(
        lambda: procurement.get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER),
        lambda a: a["notices_dispatched_at"],
    )
    assert decided["winner_bid_id"] == next(bid for bid, name in bidders.items() if name == "Jobværkstedet ApS")

    # Every bidder got its award notice by e-mail (a real SMTP server) and in its inbox.
    notices = [mail for mail in suite.mail.received if "tilbud@" in mail.recipients[0]]
    award_mails = {mail.recipients[0]: mail for mail in notices if mail.message_id and _is_award(mail.subject)}
    assert set(award_mails) == {f"tilbud@{cvr}.example.dk" for _, cvr, *_ in OFFERS}
    assert len({mail.message_id for mail in suite.mail.received}) == len(suite.mail.received), "each e-mail once"
    for name, bidder_id in bidder_ids.items():
        inbox = (await notifications.get(f"/recipients/{bidder_id}/inbox", headers=as_bidder(bidder_id))).json()
        assert any(_is_award(message["subject"]) for message in inbox), f"{name}'s inbox holds its award notice"
    status = (await notifications.get(f"/tenders/{tender_id}/notifications", headers=OFFICER)).json()
    told = {(n["recipient_name"], n["kind"], n["channel"]) for n in status["notifications"] if n["status"] == "sent"}
    for name in bidder_ids:
        for channel in ("email", "inbox"):
            assert (name, "award_notice", channel) in told, "officers see who was told what, on which channel"

    timeline = await json_when(
        lambda: audit.get(f"/tenders/{tender_id}/timeline", headers=bearer("auditor", "revisor")),
        lambda found: any(e["event_type"] == "notifications.award-notices-dispatched" for e in found["entries"]),
    )
    trail = timeline["entries"]
    types = [entry["event_type"] for entry in trail]
    for expected in (
        "procurement.tender-published",
        "procurement.bid-received",
        "procurement.tender-closed",
        "procurement.evaluation-requested",
        "scoring.evaluation-completed",
        "procurement.award-decided",
        "notifications.award-notices-dispatched",
    ):
        assert expected in types, f"the audit log holds {expected}"
    assert types.count("procurement.bid-received") == 3
    assert len({entry["event_id"] for entry in trail}) == len(trail), "every event appended once"


def _is_award(subject: str) -> bool:
    return any(word in subject.lower() for word in ("tildeling", "award"))
