"""The events a notifications test delivers: Kolding's park-maintenance tender, three bidders (two Danish, one
English-speaking), their bids, and the award. Shared by the component and integration tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

from services.notifications.domain import notification_id
from shared import events
from shared.events import Actor, Event

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
OFFICER = Actor(kind="user", id="officer-anne", role="officer")
TENDER_ID = "T-park-2026"
GROEN = {"bidder_id": "b-groen", "name": "Grøn Service A/S", "email": "tilbud@groenservice.dk", "language": "da"}
JOB = {"bidder_id": "b-job", "name": "Jobværkstedet ApS", "email": "tilbud@jobvaerkstedet.dk", "language": "da"}
NORDIC = {"bidder_id": "b-nordic", "name": "Nordic Parks Ltd", "email": "bids@nordicparks.example", "language": "en"}
BIDDERS = (GROEN, JOB, NORDIC)


def _envelope() -> dict[str, Any]:
    return {"occurred_at": NOW, "correlation_id": f"lifecycle-{TENDER_ID}", "actor": OFFICER}


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
        "deadline": NOW + timedelta(days=30),
        "lots": [{"lot_id": "1", "title": "Parkpleje", "evaluation_model": {"criteria": criteria}}],
    }
    return events.TenderPublished(**_envelope(), payload=payload)


def bid_received(bidder: dict[str, str]) -> events.BidReceived:
    payload = {
        "tender_id": TENDER_ID,
        "lot_id": "1",
        "bid_id": f"bid-{bidder['bidder_id']}",
        "bidder_id": bidder["bidder_id"],
        "received_at": datetime(2026, 7, 1, 10, 5, 3, tzinfo=UTC),
        "commitment_sha256": "c0ffee" * 10 + "0000",
    }
    return events.BidReceived(**_envelope(), payload=payload)


def award_decided() -> events.AwardDecided:
    """Jobværkstedet wins; Grøn Service is second; Nordic Parks' bid was excluded."""
    standings = [
        {"bidder_id": "b-job", "bid_id": "bid-b-job", "rank": 1, "total": "8.125", "points": _points("8", "9", "7")},
        {"bidder_id": "b-groen", "bid_id": "bid-b-groen", "rank": 2, "total": "7.4", "points": _points("9", "6", "6")},
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
