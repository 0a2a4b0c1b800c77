"""The notifications service's tables: the recipient directory, the tenders as messages name them, who bid on
or follows which tender, the tenders' news, every notification with its delivery state, and one record per
award decision whose notices are being dispatched.

No migration history yet (the tables are created at start-up): every change so far only adds tables or
nullable/defaulted columns, so the first Alembic revision can take them as they are.
"""

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from services.notifications import domain
from shared.database import UtcDateTime, service_registry


class NotificationsTable(SQLModel, registry=service_registry()):
    """The notifications service's own tables."""


class Recipient(NotificationsTable, table=True):
    """A bidder as its last `BidderRegistered` described it, with the preferences it set here; or an officer."""

    recipient_id: str = Field(primary_key=True)
    kind: str = "bidder"  # bidder or officer
    name: str
    email: str
    webhook_url: str | None = None
    # Generated at the bidder's first registration, kept across re-registrations, shown only to the bidder.
    webhook_secret: str | None = None
    language: str = "da"
    # Optional messages: news of every tender (from this moment on; None: not wanted), and deadline reminders.
    all_tenders_since: datetime | None = Field(default=None, sa_type=UtcDateTime)
    reminders: bool = True
    registered_at: datetime = Field(sa_type=UtcDateTime)

    def addressee(self) -> domain.Addressee:
        return domain.addressee(self.name, self.language)


class Tender(NotificationsTable, table=True):
    """A published tender as its messages name it: its publication with every amendment folded in."""

    tender_id: str = Field(primary_key=True)
    reference: str
    title: str
    title_en: str | None = None
    lots: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    correlation_id: str | None = None
    officer_id: str | None = None  # the actor of the publication: the officer told of evaluations and failures
    deadline: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    deadline_event_id: str | None = None  # the publication or amendment that set the deadline
    amendment_number: int = 0  # the last amendment folded in
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)

    def rename(self, names: domain.TenderNames) -> None:
        self.reference, self.title, self.title_en = names.reference, names.title, names.title_en
        self.lots = {lot_id: asdict(lot) for lot_id, lot in names.lots.items()}

    def names(self) -> domain.TenderNames:
        lots = {lot_id: domain.LotNames(**lot) for lot_id, lot in self.lots.items()}
        return domain.TenderNames(reference=self.reference, title=self.title, title_en=self.title_en, lots=lots)


class Bid(NotificationsTable, table=True):
    """A bid's receipt: who bid on which lot, and when (their interest in the tender begins then)."""

    bid_id: str = Field(primary_key=True)
    tender_id: str = Field(index=True)
    lot_id: str
    bidder_id: str
    received_at: datetime = Field(sa_type=UtcDateTime)


class Following(NotificationsTable, table=True):
    """A recipient follows a tender it has not (yet) bid on: it gets the tender's news and deadline reminder."""

    recipient_id: str = Field(primary_key=True)
    tender_id: str = Field(primary_key=True, index=True)
    since: datetime = Field(sa_type=UtcDateTime)


class TenderNews(NotificationsTable, table=True):
    """An amendment, an answered question or a cancellation: kept so that an interest that becomes known later
    is told the news made since it began, and so that a publication arriving late can fold amendments in."""

    event_id: str = Field(primary_key=True)
    tender_id: str = Field(index=True)
    kind: str
    occurred_at: datetime = Field(sa_type=UtcDateTime)
    correlation_id: str
    facts: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))

    def news(self) -> domain.News:
        return domain.News(self.event_id, self.tender_id, self.kind, self.occurred_at, self.facts)  # type: ignore[arg-type]


class Notification(NotificationsTable, table=True):
    """One message to one recipient on one channel about one event.

    Planned (pending, no subject yet) when the event arrives; composed in the recipient's language once the
    recipient and the tender are known; then delivered: an inbox message at once, an e-mail or a webhook by the
    dispatcher, which counts attempts and ends in sent or failed.
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

    def copy_to(self, channel: str, *, notification_id: str, at: datetime) -> "Notification":
        """The same composed message on another channel, due at once."""
        return Notification(
            **self.model_dump(exclude={"notification_id", "channel", "created_at", "next_attempt_at"}),
            notification_id=notification_id,
            channel=channel,
            created_at=at,
            next_attempt_at=at,
        )

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
