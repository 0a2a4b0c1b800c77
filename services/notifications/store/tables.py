"""The notifications service's tables: the recipient directory, the tenders' names, every notification with
its delivery state, and one record per award decision whose notices are being dispatched."""

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.notifications import domain
from shared.database import UtcDateTime


class NotificationsTable(SQLModel, registry=registry()):
    """The notifications service's own tables."""


class Recipient(NotificationsTable, table=True):
    """A bidder as the last `BidderRegistered` described it: where and in which language to reach it."""

    recipient_id: str = Field(primary_key=True)
    name: str
    email: str
    webhook_url: str | None = None
    language: str = "da"
    registered_at: datetime = Field(sa_type=UtcDateTime)

    def addressee(self) -> domain.Addressee:
        return domain.Addressee(name=self.name, language=domain.language_of(self.language))


class Tender(NotificationsTable, table=True):
    """A published tender's names, read from `TenderPublished`, so messages can say which tender they are about."""

    tender_id: str = Field(primary_key=True)
    reference: str
    title: str
    title_en: str | None = None
    lots: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))

    @classmethod
    def of(cls, tender_id: str, names: domain.TenderNames) -> "Tender":
        lots = {lot_id: asdict(lot) for lot_id, lot in names.lots.items()}
        return cls(
            tender_id=tender_id, reference=names.reference, title=names.title, title_en=names.title_en, lots=lots
        )

    def names(self) -> domain.TenderNames:
        lots = {lot_id: domain.LotNames(**lot) for lot_id, lot in self.lots.items()}
        return domain.TenderNames(reference=self.reference, title=self.title, title_en=self.title_en, lots=lots)


class Notification(NotificationsTable, table=True):
    """One message to one recipient on one channel about one event.

    Planned (pending, no subject yet) when the event arrives; composed in the recipient's language once the
    recipient and the tender are known; then delivered: an inbox message at once, an e-mail by the dispatcher,
    which counts attempts and ends in sent or failed.
    """

    __table_args__ = (Index("ix_notification_due", "status", "channel", "next_attempt_at"),)

    notification_id: str = Field(primary_key=True)
    source_event_id: str = Field(index=True)
    correlation_id: str
    kind: str
    channel: str
    recipient_id: str = Field(index=True)
    tender_id: str = Field(index=True)
    lot_id: str
    facts: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = "pending"
    language: str | None = None
    subject: str | None = None
    body_text: str | None = Field(default=None, sa_column=Column(Text))
    body_html: str | None = Field(default=None, sa_column=Column(Text))
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_error: str | None = None
    created_at: datetime = Field(sa_type=UtcDateTime)
    composed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    failed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)

    @property
    def settled_at(self) -> datetime | None:
        return self.sent_at or self.failed_at

    def compose(self, *, language: str, subject: str, text: str, html: str, at: datetime) -> None:
        self.language, self.subject, self.body_text, self.body_html = language, subject, text, html
        self.composed_at = at

    def mark_sent(self, *, at: datetime) -> None:
        self.status, self.sent_at = "sent", at
        self.next_attempt_at, self.last_error = None, None

    def retry_at(self, when: datetime, *, error: str) -> None:
        self.next_attempt_at, self.last_error = when, error

    def mark_failed(self, *, at: datetime, error: str) -> None:
        self.status, self.failed_at = "failed", at
        self.next_attempt_at, self.last_error = None, error


class AwardDispatch(NotificationsTable, table=True):
    """An award decision whose notices are on their way; `dispatched_at` is set once, when they all went out."""

    award_event_id: str = Field(primary_key=True)
    correlation_id: str
    tender_id: str = Field(index=True)
    lot_id: str
    recorded_at: datetime = Field(sa_type=UtcDateTime)
    dispatched_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
