"""The notifications service's tables (`tables`) and its store (`queries`)."""

from services.notifications.store.queries import NotificationStore
from services.notifications.store.tables import AwardDispatch, Notification, NotificationsTable, Recipient, Tender

__all__ = ["AwardDispatch", "Notification", "NotificationStore", "NotificationsTable", "Recipient", "Tender"]
