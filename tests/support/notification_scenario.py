"""The events a notifications test delivers: Kolding's park-maintenance tender, three bidders (two Danish, one
English-speaking), their bids, the award and what follows it, and the tender's news. Shared by the component and
integration tests, with the headers by which bidders and officers identify themselves over HTTP."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.notifications.domain import notification_id
from shared import events
from shared.events import Actor, Event
from tests.support.identities import bearer

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DEADLINE = NOW + timedelta(days=30)
OFFICER = Actor(kind="user", id="anne.officer@kolding.dk", role="officer")
AS_OFFICER = bearer("officer", OFFICER.id)
TENDER_ID = "T-park-2026"
GROEN = {"bidder_id": "b-groen", "name": "Grøn Service A/S", "email": "tilbud@groenservice.dk", "language": "da"}
JOB = {"bidder_id": "b-job", "name": "Jobværkstedet ApS", "email": "tilbud@jobvaerkstedet.dk", "language": "da"}
NORDIC = {"bidder_id": "b-nordic", "name": "Nordic Parks Ltd", "email": "bids@nordicparks.example", "language": "en"}
BIDDERS = (GROEN, JOB, NORDIC)


def as_bidder(bidder: dict[str, str]) -> dict[str, str]:
    """The headers of a user acting for `bidder`."""
    return bearer("bidder", bidder["email"], bidder["bidder_id"])


def _envelope(at: datetime = NOW) -> dict[str, Any]:
    return {"occurred_at": at, "correlation_id": f"lifecycle-{TENDER_ID}", "actor": OFFICER}


def registered(bidder: dict[str, str]) -> events.BidderRegistered:
    return events.BidderRegistered(**_envelope(), payload=bidder)


def published() -> events.TenderPublished:
    criteria = [
        {"id": "price", "kind": "price", "weight": "0.5", "method": "proportional"},
        {"id": "quality", "kind": "quality", "weight": "0.3", "method": "direct"},
        {"id": "social", "kind": "social", "weight": "0.2", "method": "monetised_relative"},
    ]
    payload = {
        "tender_id": TENDER_ID,
        "reference": "KOL-2026-017",
        "title": "Parkpleje i Kolding",
        "title_en": "Park maintenance in Kolding",
        "deadline": DEADLINE,
        "lots": [{"lot_id": "1", "title": "Parkpleje", "evaluation_model": {"criteria": criteria}}],
    }
    return events.TenderPublished(**_envelope(), payload=payload)


def bid_received(
    bidder: dict[str, str], at: datetime = datetime(2026, 7, 1, 10, 5, 3, tzinfo=UTC)
) -> events.BidReceived:
    payload = {
        "tender_id": TENDER_ID,
        "lot_id": "1",
        "bid_id": f"bid-{bidder['bidder_id']}",
        "bidder_id": bidder["bidder_id"],
        "received_at": at,
        "commitment_sha256": "c0ffee" * 10 + "0000",
    }
    return events.BidReceived(**_envelope(), payload=payload)


def award_decided() -> events.AwardDecided:
    """Jobværkstedet wins; Grøn Service is second; Nordic Parks' bid was excluded."""
    standings = [
        {"bidder_id": "b-job", "bid_id": "bid-b-job", "rank": 1, "total": "8.125", "points": _points("8", "9", "7")},
        {
            "bidder_id": "b-groen",
            "bid_id": "bid-b-groen",
            "rank": 2,
            "total": "7.4",
            "points": _points("9", "6", "6"),
            "advantages": [
                {"criterion_id": "quality", "winner_points": "9", "own_points": "6", "justification": "Klar plejeplan"},
                {"criterion_id": "social", "winner_points": "7", "own_points": "6", "justification": None},
            ],
        },
        {"bidder_id": "b-nordic", "bid_id": "bid-b-nordic", "rank": None, "total": None, "excluded_reason": "late"},
    ]
    payload = {
        "tender_id": TENDER_ID,
        "lot_id": "1",
        "evaluation_request_id": "e-1",
        "winner_bid_id": "bid-b-job",
        "winner_bidder_id": "b-job",
        "winner_name": "Jobværkstedet ApS",
        "decided_at": NOW,
        "standings": standings,
    }
    return events.AwardDecided(**_envelope(), payload=payload)


def amended(number: int = 1, *, at: datetime = NOW, title: str | None = None) -> events.TenderAmended:
    """Amendment `number` moves the deadline two days later."""
    payload = {
        "tender_id": TENDER_ID,
        "amendment_id": f"a-{number}",
        "number": number,
        "summary": "Mængden af græsslåning er rettet",
        "summary_en": "The amount of mowing has been corrected",
        "changed": ["description", "deadline"] + (["title"] if title else []),
        "deadline": DEADLINE + timedelta(days=2 * number),
        "deadline_before": DEADLINE + timedelta(days=2 * (number - 1)),
        "deadline_moved": False,
        "title": title,
    }
    return events.TenderAmended(**_envelope(at), payload=payload)


def answered(number: int = 1, *, at: datetime = NOW) -> events.QuestionAnswered:
    payload = {
        "tender_id": TENDER_ID,
        "question_id": f"q-{number}",
        "number": number,
        "question": "Må vi byde på delaftale 1 alene?",
        "answer": "Ja, hver delaftale tildeles for sig.",
        "answered_at": at,
    }
    return events.QuestionAnswered(**_envelope(at), payload=payload)


def cancelled(*, at: datetime = NOW) -> events.TenderCancelled:
    payload = {"tender_id": TENDER_ID, "reason": "Behovet er bortfaldet", "cancelled_at": at}
    return events.TenderCancelled(**_envelope(at), payload=payload)


def evaluation_completed() -> events.EvaluationCompleted:
    result = {
        "format": "evaluation-result/1",
        "ranking": [
            {"rank": 1, "bid_id": "bid-b-job", "total": "8.1250"},
            {"rank": 2, "bid_id": "bid-b-groen", "total": "7.4000"},
        ],
        "excluded": [{"bid_id": "bid-b-nordic", "reason": "late"}],
        "warnings": [],
    }
    payload = {"tender_id": TENDER_ID, "lot_id": "1", "request_event_id": "e-1", "result": result}
    return events.EvaluationCompleted(**_envelope(), payload=payload)


def standstill_started(award: events.AwardDecided) -> events.StandstillStarted:
    payload = {
        "tender_id": TENDER_ID,
        "lot_id": "1",
        "award_event_id": str(award.event_id),
        "notified_on": date(2026, 11, 26),
        "channel": "electronic",
        "ends_at": datetime(2026, 12, 7, 22, 59, 59, tzinfo=UTC),
    }
    return events.StandstillStarted(**_envelope(), payload=payload)


def contract_signed() -> events.ContractSigned:
    payload = {
        "tender_id": TENDER_ID,
        "lot_id": "1",
        "contract_id": "k-park-1",
        "supplier_bidder_id": "b-job",
        "supplier_name": "Jobværkstedet ApS",
        "signed_at": datetime(2026, 12, 10, 9, 0, tzinfo=UTC),
        "value_dkk": "2760000",
        "contract_start": "2027-04-01",
        "contract_end": "2029-03-31",
        "proxy_table_version": "DK-2026.1",
        "targets": [{"proxy": "DK_LTU_HIRE", "quantity": "3"}],
    }
    return events.ContractSigned(**_envelope(), payload=payload)


def outcome_report_due(*, late: bool = False) -> events.OutcomeReportDue:
    payload = {
        "tender_id": TENDER_ID,
        "contract_id": "k-park-1",
        "supplier_bidder_id": "b-job",
        "period_index": 1,
        "period_start": date(2027, 4, 1),
        "period_end": date(2027, 6, 30),
        "due_on": date(2027, 7, 30),
        "late": late,
    }
    return events.OutcomeReportDue(**_envelope(), payload=payload)


def the_lifecycle() -> list[Event]:
    """Everything up to the award, in the order procurement told it."""
    return [
        published(),
        *(registered(bidder) for bidder in BIDDERS),
        *(bid_received(bidder) for bidder in BIDDERS),
        award_decided(),
    ]


def email_of(event: Event, bidder: dict[str, str]) -> str:
    """The id of the e-mail that `event` sends `bidder`."""
    return notification_id(str(event.event_id), bidder["bidder_id"], "email")


def _points(price: str, quality: str, social: str) -> dict[str, str]:
    return {"price": price, "quality": quality, "social": social}
