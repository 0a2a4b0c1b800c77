"""Officers as recipients: the evaluation of a lot has finished, and a notification to a bidder finally failed.

The officer of a tender is the actor of its publication event. Officers have no webhook; they are e-mailed at
their actor id when it is an e-mail address, else at the configured shared mailbox (`OFFICERS_EMAIL`).
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.notifications.domain.planning import About, PlannedNotification, on_every_channel
from shared.events.scoring import EvaluationCompleted

# Stands in the notification id for the tender's officer, who may be known only later (the publication event
# arrives on another topic): the id must be the same whoever that turns out to be.
OFFICER_ID_PART = "officer"
# The recipient of an officer's message until the tender's publication names the officer.
UNKNOWN_OFFICER = "(tender officer)"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def officer_email(actor_id: str, shared_mailbox: str) -> str:
    """Where an officer's e-mail goes: its actor id if that is an e-mail address, else the shared mailbox."""
    return actor_id if _EMAIL.match(actor_id) else shared_mailbox


def evaluation_completed_notices(event: EvaluationCompleted, officer_id: str | None) -> list[PlannedNotification]:
    """The officer is told the lot's evaluation finished: how many bids were ranked and excluded, which leads,
    and the engine's warnings, so the award can be prepared."""
    completed = event.payload
    result = completed.result
    ranking = [entry for entry in result.get("ranking") or [] if isinstance(entry, dict)]
    leading = next((entry for entry in ranking if entry.get("rank") == 1), ranking[0] if ranking else None)
    facts: dict[str, Any] = {
        "ranked": len(ranking),
        "excluded": len(result.get("excluded") or []),
        "leading_bid_id": leading.get("bid_id") if leading else None,
        "leading_total": str(leading["total"]) if leading and leading.get("total") is not None else None,
        "warnings": [
            str(w.get("message", w.get("code", ""))) for w in result.get("warnings") or [] if isinstance(w, dict)
        ],
    }
    return on_every_channel(
        "evaluation_completed",
        str(event.event_id),
        [officer_id or UNKNOWN_OFFICER],
        About(completed.tender_id, completed.lot_id),
        facts,
        id_part=OFFICER_ID_PART,
    )


@dataclass(frozen=True)
class FailedDelivery:
    notification_id: str
    recipient_id: str
    recipient_name: str
    kind: str
    channel: str
    tender_id: str
    lot_id: str
    attempts: int
    error: str
    failed_at: datetime


def failure_notices(source_event_id: str, failed: FailedDelivery, officer_id: str | None) -> list[PlannedNotification]:
    """The tender's officer is told that a message to a bidder finally failed (the bidder still has it in its
    inbox): whom, what, on which channel, after how many attempts, and the last error."""
    facts = {
        "notification_id": failed.notification_id,
        "recipient_id": failed.recipient_id,
        "recipient_name": failed.recipient_name,
        "message_kind": failed.kind,
        "channel": failed.channel,
        "attempts": failed.attempts,
        "error": failed.error,
        "failed_at": failed.failed_at.isoformat(),
    }
    return on_every_channel(
        "notification_failed",
        source_event_id,
        [officer_id or UNKNOWN_OFFICER],
        About(failed.tender_id, failed.lot_id),
        facts,
        id_part=OFFICER_ID_PART,
    )
