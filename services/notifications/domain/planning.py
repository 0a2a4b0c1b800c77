"""Who is told what about an event, and on which channels: one notification per (event, recipient, channel).

A notification is planned from the event alone, with the facts its message will state; the words come later
(`wording`), once the recipient's language and the tender's names are known. This module holds the ids and the
bidders' own messages (receipts, award notices); `news`, `aftermath` and `officers` plan the rest.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal
from uuid import NAMESPACE_URL, uuid5

from shared.events.notifications import Channel
from shared.events.procurement import Advantage, AwardDecidedPayload, BidderStanding, BidReceivedPayload

Kind = Literal[
    "bid_receipt",
    "tender_amended",
    "question_answered",
    "deadline_reminder",
    "tender_cancelled",
    "award_notice",
    "standstill_ends",
    "contract_signed",
    "outcome_report_due",
    "outcome_report_late",
    "evaluation_completed",
    "notification_failed",
]
OFFICER_KINDS: frozenset[str] = frozenset({"evaluation_completed", "notification_failed"})

# Planned for every recipient: e-mail and the inbox. A webhook copy is added when the inbox message is composed,
# because only then is it sure whether the recipient registered a webhook (see `dispatch.composing`).
CHANNELS: tuple[Channel, ...] = ("email", "inbox")

# Fixed for good: notification ids, and so Message-IDs and webhook delivery ids, derive from it. Another
# namespace would make every redelivered event look new.
NOTIFICATION_NAMESPACE = uuid5(NAMESPACE_URL, "https://www.kolding.dk/udbud/notifications")


@dataclass(frozen=True)
class About:
    """What a notification is about: a tender, and one of its lots ("" for the whole tender)."""

    tender_id: str
    lot_id: str = ""


@dataclass(frozen=True)
class PlannedNotification:
    notification_id: str
    source_event_id: str
    kind: Kind
    channel: Channel
    recipient_id: str
    tender_id: str
    lot_id: str
    # What the message states, as JSON-safe values (decimals and times as strings), in no language yet.
    facts: dict[str, Any]


def notification_id(source_event_id: str, recipient_id: str, channel: str) -> str:
    """The same event, recipient and channel always give the same id: a redelivery cannot make a second one."""
    return str(uuid5(NOTIFICATION_NAMESPACE, f"{source_event_id}/{recipient_id}/{channel}"))


def copy_id(inbox_notification_id: str, channel: str) -> str:
    """The id of a message's copy on a channel added at composition (the webhook): derived from its inbox
    notification, which is composed once, so the copy is made once with the same id whatever happens."""
    return str(uuid5(NOTIFICATION_NAMESPACE, f"{inbox_notification_id}/{channel}"))


def message_id(notification_id: str, domain: str) -> str:
    """The e-mail Message-ID of a notification: a repeated send carries the same one, so receivers drop it."""
    return f"<{notification_id}@{domain}>"


def on_every_channel(
    kind: Kind,
    source_event_id: str,
    recipients: Iterable[str],
    about: About,
    facts: dict[str, Any],
    *,
    id_part: str | None = None,
) -> list[PlannedNotification]:
    """The same message to each recipient on every planned channel. `id_part` replaces the recipient in the
    notification id when the recipient may be learnt only later (a tender's officer)."""
    return [
        PlannedNotification(
            notification_id=notification_id(source_event_id, id_part or recipient_id, channel),
            source_event_id=source_event_id,
            kind=kind,
            channel=channel,
            recipient_id=recipient_id,
            tender_id=about.tender_id,
            lot_id=about.lot_id,
            facts=facts,
        )
        for recipient_id in recipients
        for channel in CHANNELS
    ]


def bid_receipts(source_event_id: str, bid: BidReceivedPayload) -> list[PlannedNotification]:
    """The bidder's receipt: when its bid arrived and the commitment to what it sent, never the content."""
    facts = {
        "bid_id": bid.bid_id,
        "received_at": bid.received_at.isoformat(),
        "commitment_sha256": bid.commitment_sha256,
    }
    return on_every_channel("bid_receipt", source_event_id, [bid.bidder_id], About(bid.tender_id, bid.lot_id), facts)


def award_notices(source_event_id: str, award: AwardDecidedPayload) -> list[PlannedNotification]:
    """An award notice to every bidder in the standings: its own bids' points, the winner's name and total, and
    where the winner did better, both sides' points with the committee's justification (udbudsloven § 171).
    Nothing else of another bidder's bid is told."""
    winning = next((s for s in award.standings if s.bid_id == award.winner_bid_id), None)
    winner_total = award.winner_total if award.winner_total is not None else (winning.total if winning else None)
    shared_facts = {
        "winner_name": award.winner_name,
        "winner_total": _decimal(winner_total),
        "decided_at": award.decided_at.isoformat(),
        "reason": award.reason,
    }
    planned: list[PlannedNotification] = []
    for bidder_id, standings in _by_bidder(award.standings).items():
        facts = {
            **shared_facts,
            "is_winner": bidder_id == award.winner_bidder_id,
            "bids": [_standing_facts(standing) for standing in standings],
        }
        planned += on_every_channel(
            "award_notice", source_event_id, [bidder_id], About(award.tender_id, award.lot_id), facts
        )
    return planned


def _by_bidder(standings: list[BidderStanding]) -> dict[str, list[BidderStanding]]:
    # A bidder with several bids in the lot gets one notice covering each of them, not one notice per bid.
    grouped: dict[str, list[BidderStanding]] = {}
    for standing in standings:
        grouped.setdefault(standing.bidder_id, []).append(standing)
    return grouped


def _standing_facts(standing: BidderStanding) -> dict[str, Any]:
    return {
        "bid_id": standing.bid_id,
        "rank": standing.rank,
        "total": _decimal(standing.total),
        "points": {criterion: str(points) for criterion, points in standing.points.items()},
        "excluded_reason": standing.excluded_reason,
        "advantages": [_advantage_facts(advantage) for advantage in standing.advantages],
    }


def _advantage_facts(advantage: Advantage) -> dict[str, Any]:
    return {
        "criterion_id": advantage.criterion_id,
        "winner_points": str(advantage.winner_points),
        "own_points": str(advantage.own_points),
        "justification": advantage.justification,
    }


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
