"""The tender lifecycle: its states, and which requests each state allows."""

from datetime import datetime, timedelta
from enum import StrEnum

from services.procurement.domain.refusals import STATUS_IN_DANISH, Conflict, danish_time
from shared.clock import COPENHAGEN

# A change or an answer this close to the deadline leaves bidders too little time (udbudsloven § 93 practice).
LATE_CHANGE = timedelta(days=6)


class TenderStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"  # the deadline passed and the bids were opened
    EVALUATED = "evaluated"
    AWARDED = "awarded"
    CANCELLED = "cancelled"


def cancelled() -> Conflict:
    return Conflict("the tender has been cancelled", "udbuddet er annulleret")


def still_sealed() -> Conflict:
    return Conflict(
        "the bids are sealed until the deadline has passed and the tender is closed",
        "tilbuddene er forseglede, til fristen er udløbet og udbuddet er lukket",
    )


def ensure_draft(status: TenderStatus) -> None:
    if status is not TenderStatus.DRAFT:
        raise Conflict(
            f"the tender is {status}: after publication it changes only through an amendment",
            f"udbuddet er {STATUS_IN_DANISH[status]}: efter offentliggørelsen ændres det kun ved en rettelse",
        )


def ensure_publishable(status: TenderStatus, deadline: datetime, now: datetime) -> None:
    if status is not TenderStatus.DRAFT:
        raise Conflict(
            f"the tender is {status}, only a draft can be published",
            f"udbuddet er {STATUS_IN_DANISH[status]}; kun en kladde kan offentliggøres",
        )
    if deadline <= now:
        raise Conflict(
            f"the deadline {in_copenhagen(deadline)} has already passed",
            f"tilbudsfristen {danish_time(deadline)} er allerede overskredet",
        )


def ensure_amendable(status: TenderStatus, deadline: datetime, now: datetime) -> None:
    if status is not TenderStatus.PUBLISHED or deadline <= now:
        raise Conflict(
            f"the tender is {status}: only a published tender before its deadline can be amended",
            f"udbuddet er {STATUS_IN_DANISH[status]}: kun et offentliggjort udbud kan rettes, og kun før fristen",
        )


def ensure_cancellable(status: TenderStatus) -> None:
    if status in (TenderStatus.AWARDED, TenderStatus.CANCELLED):
        raise Conflict(
            f"the tender is {status} and can no longer be cancelled",
            f"udbuddet er {STATUS_IN_DANISH[status]} og kan ikke længere annulleres",
        )


def ensure_open_for_questions(status: TenderStatus) -> None:
    if status is not TenderStatus.PUBLISHED:
        raise Conflict(
            f"the tender is {status}: questions are taken only while it is published",
            f"udbuddet er {STATUS_IN_DANISH[status]}: der kan kun stilles spørgsmål, mens det er offentliggjort",
        )


def ensure_open_for_bids(status: TenderStatus, deadline: datetime, received_at: datetime) -> None:
    """A bid counts if the server received it before the deadline: at deadline − 1 ms it is in, at + 0 ms late."""
    if status is TenderStatus.DRAFT:
        raise Conflict("the tender is not published yet", "udbuddet er ikke offentliggjort endnu")
    if status is TenderStatus.CANCELLED:
        raise cancelled()
    if received_at >= deadline or status is not TenderStatus.PUBLISHED:
        raise Conflict(
            f"the bid is late: the deadline was {in_copenhagen(deadline)} and the bid arrived "
            f"{in_copenhagen(received_at)}; late bids cannot be accepted",
            f"tilbuddet er for sent: fristen var {danish_time(deadline)}, og tilbuddet kom {danish_time(received_at)};"
            " for sene tilbud kan ikke modtages",
        )


def is_due_for_closing(status: TenderStatus, deadline: datetime, now: datetime) -> bool:
    return status is TenderStatus.PUBLISHED and deadline <= now


def ensure_closed(status: TenderStatus) -> None:
    if status in (TenderStatus.DRAFT, TenderStatus.PUBLISHED):
        raise still_sealed()
    if status is TenderStatus.CANCELLED:
        raise cancelled()


def ensure_lot_not_awarded(awarded: bool) -> None:
    """Each lot is awarded on its own; once it is, its evaluation, assessments and award are closed."""
    if awarded:
        raise Conflict("the lot's award has already been decided", "delaftalens tildeling er allerede besluttet")


def status_after_award(status: TenderStatus, lot_ids: set[str], awarded_lot_ids: set[str]) -> TenderStatus:
    """The tender is awarded when its last lot is; before, each lot is awarded while the others go on."""
    return TenderStatus.AWARDED if lot_ids <= awarded_lot_ids else status


def deadline_after_amendment(deadline: datetime, now: datetime, keep_reason: str | None) -> datetime:
    """An amendment less than six days before the deadline moves it so that six days remain, unless the officer
    records why not."""
    if deadline - now >= LATE_CHANGE or (keep_reason or "").strip():
        return deadline
    return now + LATE_CHANGE


def in_copenhagen(moment: datetime) -> str:
    return moment.astimezone(COPENHAGEN).isoformat(timespec="milliseconds")


def truncate_to_milliseconds(moment: datetime) -> datetime:
    """Receipt times are exact to the millisecond, and what is stored is what the receipt says."""
    return moment.replace(microsecond=moment.microsecond - moment.microsecond % 1000)
