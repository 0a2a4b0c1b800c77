"""Who is told what about an event, and on which channels: one notification per (event, recipient, channel).

A notification is planned from the event alone, with the facts its message will state; the words come later
(`wording`), once the recipient's language and the tender's names are known.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal
from uuid import NAMESPACE_URL, uuid5

from shared.events.notifications import Channel
from shared.events.procurement import AwardDecidedPayload, BidderStanding, BidReceivedPayload

Kind = Literal["bid_receipt", "award_notice"]

# Every recipient is told by e-mail and in its inbox; webhooks arrive with the recipients' channel preferences.
CHANNELS: tuple[Channel, ...] = ("email", "inbox")

# Fixed for good: notification ids, and so Message-IDs, derive from it. Another namespace would make every
# redelivered event look new.
NOTIFICATION_NAMESPACE = uuid5(NAMESPACE_URL, "https://www.kolding.dk/udbud/notifications")


@dataclass(frozen=True)
class PlannedNotification:
    notification_id: str
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


def message_id(notification_id: str, domain: str) -> str:
    """The e-mail Message-ID of a notification: a repeated send carries the same one, so receivers drop it."""
    return f"<{notification_id}@{domain}>"


def bid_receipts(source_event_id: str, bid: BidReceivedPayload) -> list[PlannedNotification]:
    """The bidder's receipt: when its bid arrived and the commitment to what it sent, never the content."""
    facts = {
        "bid_id": bid.bid_id,
        "received_at": bid.received_at.isoformat(),
        "commitment_sha256": bid.commitment_sha256,
    }
    where = {"tender_id": bid.tender_id, "lot_id": bid.lot_id}
    return _on_every_channel("bid_receipt", source_event_id, bid.bidder_id, where, facts)


def award_notices(source_event_id: str, award: AwardDecidedPayload) -> list[PlannedNotification]:
    """An award notice to every bidder in the standings, each with its own bids' points and the winner's."""
    winning = next((s for s in award.standings if s.bid_id == award.winner_bid_id), None)
    shared_facts = {
        "winner_name": award.winner_name,
        "winner_total": _decimal(winning.total) if winning else None,
        "decided_at": award.decided_at.isoformat(),
        "reason": award.reason,
    }
    where = {"tender_id": award.tender_id, "lot_id": award.lot_id}
    planned: list[PlannedNotification] = []
    for bidder_id, standings in _by_bidder(award.standings).items():
        facts = {
            **shared_facts,
            "is_winner": bidder_id == award.winner_bidder_id,
            "bids": [_standing_facts(standing) for standing in standings],
        }
        planned += _on_every_channel("award_notice", source_event_id, bidder_id, where, facts)
    return planned


def _on_every_channel(
    kind: Kind, source_event_id: str, recipient_id: str, where: dict[str, str], facts: dict[str, Any]
) -> list[PlannedNotification]:
    return [
        PlannedNotification(
            notification_id=notification_id(source_event_id, recipient_id, channel),
            kind=kind,
            channel=channel,
            recipient_id=recipient_id,
            tender_id=where["tender_id"],
            lot_id=where["lot_id"],
            facts=facts,
        )
        for channel in CHANNELS
    ]


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
    }


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
