"""The notifications service's tables (`tables`) and its store (`queries`, with the directory in `directory`)."""

from services.notifications.store.queries import NotificationStore
from services.notifications.store.tables import (
    AwardDispatch,
    Bid,
    Following,
    Notification,
    NotificationsTable,
    Recipient,
    Tender,
    TenderNews,
)

__all__ = [
    "AwardDispatch",
    "Bid",
    "Following",
    "Notification",
    "NotificationStore",
    "NotificationsTable",
    "Recipient",
    "Tender",
    "TenderNews",
]
