"""Who is told what about an event: one notification per (event, recipient, channel), with a stable id."""

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal

from services.notifications import domain
from shared.events.procurement import AwardDecidedPayload, BidReceivedPayload

RECEIVED = datetime(2026, 7, 1, 10, 5, 3, tzinfo=UTC)


def bid(bidder_id: str = "b-1") -> BidReceivedPayload:
    return BidReceivedPayload(
        tender_id="T-1",
        lot_id="1",
        bid_id="bid-1",
        bidder_id=bidder_id,
        received_at=RECEIVED,
        commitment_sha256="ab" * 32,
    )


def award(*standings: Mapping[str, object]) -> AwardDecidedPayload:
    return AwardDecidedPayload.model_validate(
        {
            "tender_id": "T-1",
            "lot_id": "1",
            "evaluation_request_id": "e-1",
            "winner_bid_id": "bid-A",
            "winner_bidder_id": "b-A",
            "winner_name": "Grøn Service A/S",
            "decided_at": RECEIVED,
            "standings": list(standings),
        }
    )


WINNER = {
    "bidder_id": "b-A",
    "bid_id": "bid-A",
    "rank": 1,
    "total": "7.755",
    "points": {"price": "7", "quality": "8.5"},
}
RUNNER_UP = {
    "bidder_id": "b-B",
    "bid_id": "bid-B",
    "rank": 2,
    "total": "6.1",
    "points": {"price": "9", "quality": "4"},
    "advantages": [
        {"criterion_id": "quality", "winner_points": "8.5", "own_points": "4", "justification": "Klar driftsplan"}
    ],
}
EXCLUDED = {"bidder_id": "b-C", "bid_id": "bid-C", "rank": None, "total": None, "excluded_reason": "late"}


def test_a_notification_id_is_the_same_for_the_same_event_recipient_and_channel() -> None:
    assert domain.notification_id("e-1", "b-1", "email") == domain.notification_id("e-1", "b-1", "email")
    others = {
        domain.notification_id("e-2", "b-1", "email"),
        domain.notification_id("e-1", "b-2", "email"),
        domain.notification_id("e-1", "b-1", "inbox"),
    }
    assert domain.notification_id("e-1", "b-1", "email") not in others
    assert len(others) == 3


def test_the_message_id_is_the_notification_id_at_the_service_domain() -> None:
    assert domain.message_id("0f1e", "notifications.kolding.local") == "<0f1e@notifications.kolding.local>"


def test_a_webhook_copy_has_an_id_of_its_own_derived_from_its_inbox_message() -> None:
    inbox = domain.notification_id("e-1", "b-1", "inbox")
    assert domain.copy_id(inbox, "webhook") == domain.copy_id(inbox, "webhook")
    assert domain.copy_id(inbox, "webhook") not in {inbox, domain.notification_id("e-1", "b-1", "webhook")}


def test_a_bid_receipt_goes_to_the_bidder_by_email_and_to_its_inbox() -> None:
    planned = domain.bid_receipts("e-7", bid("b-9"))
    assert [(p.recipient_id, p.channel, p.kind) for p in planned] == [
        ("b-9", "email", "bid_receipt"),
        ("b-9", "inbox", "bid_receipt"),
    ]
    assert planned[0].notification_id == domain.notification_id("e-7", "b-9", "email")
    assert planned[0].facts == {
        "bid_id": "bid-1",
        "received_at": "2026-07-01T10:05:03+00:00",
        "commitment_sha256": "ab" * 32,
    }


def test_every_bidder_in_the_standings_gets_an_award_notice_on_every_channel() -> None:
    planned = domain.award_notices("e-1", award(WINNER, RUNNER_UP, EXCLUDED))
    assert sorted((p.recipient_id, p.channel) for p in planned) == [
        (bidder, channel) for bidder in ("b-A", "b-B", "b-C") for channel in ("email", "inbox")
    ]
    assert {p.kind for p in planned} == {"award_notice"}


def test_only_the_winner_is_told_it_won_and_each_bidder_sees_only_its_own_points() -> None:
    notices = {p.recipient_id: p.facts for p in domain.award_notices("e-1", award(WINNER, RUNNER_UP, EXCLUDED))}
    assert [notices[b]["is_winner"] for b in ("b-A", "b-B", "b-C")] == [True, False, False]
    assert notices["b-B"]["bids"] == [
        {
            "bid_id": "bid-B",
            "rank": 2,
            "total": "6.1",
            "points": {"price": "9", "quality": "4"},
            "excluded_reason": None,
            "advantages": [
                {
                    "criterion_id": "quality",
                    "winner_points": "8.5",
                    "own_points": "4",
                    "justification": "Klar driftsplan",
                }
            ],
        }
    ]
    assert notices["b-C"]["bids"][0]["excluded_reason"] == "late"
    assert {notices[b]["winner_total"] for b in notices} == {"7.755"}
    assert {notices[b]["winner_name"] for b in notices} == {"Grøn Service A/S"}


def test_a_bidder_with_two_bids_gets_one_notice_covering_both() -> None:
    second = {**RUNNER_UP, "bid_id": "bid-B2", "rank": 3, "total": Decimal("5")}
    notices = [p for p in domain.award_notices("e-1", award(WINNER, RUNNER_UP, second)) if p.recipient_id == "b-B"]
    assert [p.channel for p in notices] == ["email", "inbox"]
    assert [b["bid_id"] for b in notices[0].facts["bids"]] == ["bid-B", "bid-B2"]


def test_an_award_without_its_winner_in_the_standings_names_no_winning_total() -> None:
    [email, _] = domain.award_notices("e-1", award(RUNNER_UP))
    assert email.facts["winner_total"] is None


def test_the_winners_own_notice_lists_no_advantages_and_the_winner_total_may_come_from_the_award() -> None:
    decided = award(WINNER, RUNNER_UP).model_copy(update={"winner_total": Decimal("7.76")})
    notices = {p.recipient_id: p.facts for p in domain.award_notices("e-1", decided)}
    assert notices["b-A"]["bids"][0]["advantages"] == []
    assert notices["b-B"]["winner_total"] == "7.76"
