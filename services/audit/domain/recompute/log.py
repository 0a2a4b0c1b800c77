"""A tender's events as the audit log holds them, read for re-computation: which model was published, what each bid
said and committed to, what was asked of scoring and what it answered."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from services.audit.domain.canonical import parse_utc_text, read_json

PUBLISHED = "procurement.tender-published"
AMENDED = "procurement.tender-amended"
BIDDER_REGISTERED = "procurement.bidder-registered"
BID_RECEIVED = "procurement.bid-received"
BIDS_OPENED = "procurement.bids-opened"
CONSENSUS_RECORDED = "procurement.consensus-recorded"
EVALUATION_REQUESTED = "procurement.evaluation-requested"
EVALUATION_COMPLETED = "scoring.evaluation-completed"
EVALUATION_REJECTED = "scoring.evaluation-rejected"


@dataclass(frozen=True)
class LoggedEvent:
    """One entry: its place, its type, and its payload (the event document) as stored."""

    seq: int
    event_id: str
    event_type: str
    payload: str  # canonical JSON text, as stored
    payload_sha256: str

    @property
    def intact(self) -> bool:
        return hashlib.sha256(self.payload.encode()).hexdigest() == self.payload_sha256

    def document(self) -> dict[str, Any]:
        value = read_json(self.payload)
        return value if isinstance(value, dict) else {}

    @property
    def occurred_at(self) -> datetime:
        """The envelope's time: the log's order is the order it read topics in, not the order things happened in
        (Kafka keeps no order across topics), so "before" is decided by the producer's clock."""
        text = self.document().get("occurred_at")
        try:
            return parse_utc_text(str(text))
        except ValueError:
            return datetime.max.replace(tzinfo=UTC)  # a time that cannot be read comes before nothing

    def body(self) -> dict[str, Any]:
        """The event's own payload (the envelope's `payload` field)."""
        value = self.document().get("payload")
        return value if isinstance(value, dict) else {}

    def exact_body(self) -> Any:
        """The event's payload with every non-integer number as an exact Decimal, for the engine."""
        return json.loads(self.payload, parse_float=Decimal).get("payload")


@dataclass
class TenderLog:
    """The entries naming one tender, in chain order, and the bidder registrations (which name no tender)."""

    tender_id: str
    entries: list[LoggedEvent]
    registrations: list[LoggedEvent] = field(default_factory=list)

    def of_type(self, event_type: str) -> list[LoggedEvent]:
        return [entry for entry in self.entries if entry.event_type == event_type]

    def before(self, event_type: str, moment: datetime) -> list[LoggedEvent]:
        """The entries of a type that happened before `moment` (or at the same instant: one clock can give two
        steps of one request the same time), in the order they happened."""
        found = [entry for entry in self.of_type(event_type) if entry.occurred_at <= moment]
        return sorted(found, key=lambda entry: entry.occurred_at)

    def models_in_force(self, lot_id: str, before: datetime) -> list[tuple[LoggedEvent, dict[str, Any]]]:
        """The lot's evaluation models before `before`, oldest first: as published, then as each amendment that
        changed it set it (an amendment's `lots` is null when no model changed)."""
        versions = []
        for entry in sorted(self.before(PUBLISHED, before) + self.before(AMENDED, before), key=lambda e: e.occurred_at):
            for lot in entry.body().get("lots") or []:
                if isinstance(lot, dict) and lot.get("lot_id") == lot_id:
                    versions.append((entry, lot.get("evaluation_model") or {}))
        return versions

    def opened_bids(self, lot_id: str) -> dict[str, dict[str, Any]]:
        """The lot's bids as opened at the deadline, by bid id."""
        opened: dict[str, dict[str, Any]] = {}
        for entry in self.of_type(BIDS_OPENED):
            for bid in entry.body().get("bids", []):
                if isinstance(bid, dict) and bid.get("lot_id") == lot_id:
                    opened[str(bid.get("bid_id"))] = bid
        return opened

    def latest_receipt(self, bid_id: str, before: datetime) -> dict[str, Any] | None:
        """The last receipt given for the bid before `before`: a replaced bid's earlier receipts are void."""
        receipts = [entry.body() for entry in self.before(BID_RECEIVED, before) if entry.body().get("bid_id") == bid_id]
        return receipts[-1] if receipts else None

    def opening(self) -> LoggedEvent | None:
        opened = self.of_type(BIDS_OPENED)
        return opened[0] if opened else None

    def registration(self, bidder_id: str) -> dict[str, Any] | None:
        found = [entry.body() for entry in self.registrations if entry.body().get("bidder_id") == bidder_id]
        return found[-1] if found else None

    def answers_to(self, request_event_id: str) -> tuple[LoggedEvent | None, LoggedEvent | None]:
        """Scoring's completed and rejected answers to one request, if the log holds them."""

        def answer(event_type: str) -> LoggedEvent | None:
            found = [e for e in self.of_type(event_type) if e.body().get("request_event_id") == request_event_id]
            return found[-1] if found else None

        return answer(EVALUATION_COMPLETED), answer(EVALUATION_REJECTED)
