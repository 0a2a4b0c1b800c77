"""Events of a contract's social outcomes: what the supplier reports per period, the officer's verification, and
when a report is due or late. Counts, FTE and periods only: never personal data of the people hired."""

from datetime import date
from decimal import Decimal
from typing import ClassVar

from pydantic import AwareDatetime, Field

from shared.events.base import Event
from shared.events.payloads import Payload


class OutcomeLine(Payload):
    proxy: str
    quantity: Decimal = Field(ge=0)
    evidence: list[str] = Field(default_factory=list, description="References to evidence documents, not the documents")


class OutcomeReportedPayload(Payload):
    tender_id: str
    contract_id: str
    report_id: str
    period_index: int
    period_start: date
    period_end: date
    lines: list[OutcomeLine]
    corrects: str | None = None  # the rejected report this one corrects
    reported_at: AwareDatetime


class OutcomeReported(Event):
    topic: ClassVar[str] = "procurement.outcome-reported.v1"
    payload: OutcomeReportedPayload


class OutcomeReviewedPayload(Payload):
    tender_id: str
    contract_id: str
    report_id: str
    period_index: int
    verified: bool
    reason: str | None = None
    reviewed_at: AwareDatetime


class OutcomeReviewed(Event):
    """The officer verified the report, or rejected it with a reason (the supplier may correct it)."""

    topic: ClassVar[str] = "procurement.outcome-reviewed.v1"
    payload: OutcomeReviewedPayload


class OutcomeReportDuePayload(Payload):
    tender_id: str
    contract_id: str
    supplier_bidder_id: str
    period_index: int
    period_start: date
    period_end: date
    due_on: date
    late: bool


class OutcomeReportDue(Event):
    """A reporting period has ended (due) or its report is overdue (late): the supplier is reminded."""

    topic: ClassVar[str] = "procurement.outcome-report-due.v1"
    payload: OutcomeReportDuePayload
