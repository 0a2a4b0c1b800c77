"""Pure rules of the notifications service, no I/O: who is told what (`planning`), in which words (`wording`),
and when to retry, give up, or call an award's notices dispatched (`delivery`)."""

from services.notifications.domain.delivery import (
    RandomSource,
    RetryPolicy,
    award_notices_dispatched_at,
    next_attempt_at,
    retry_delay,
)
from services.notifications.domain.planning import (
    CHANNELS,
    Kind,
    PlannedNotification,
    award_notices,
    bid_receipts,
    message_id,
    notification_id,
)
from services.notifications.domain.wording import (
    Addressee,
    Language,
    LotNames,
    TenderNames,
    criterion_label,
    language_of,
    local_time,
    points,
    tender_names,
    words,
)

__all__ = [
    "CHANNELS",
    "Addressee",
    "Kind",
    "Language",
    "LotNames",
    "PlannedNotification",
    "RandomSource",
    "RetryPolicy",
    "TenderNames",
    "award_notices",
    "award_notices_dispatched_at",
    "bid_receipts",
    "criterion_label",
    "language_of",
    "local_time",
    "message_id",
    "next_attempt_at",
    "notification_id",
    "points",
    "retry_delay",
    "tender_names",
    "words",
]
