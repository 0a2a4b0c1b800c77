"""The suite's events: every topic, who publishes it, and who listens.

| topic                                        | producer      | consumers                   |
|----------------------------------------------|---------------|-----------------------------|
| procurement.tender-published.v1              | procurement   | notifications, audit        |
| procurement.tender-amended.v1                | procurement   | notifications, audit        |
| procurement.tender-cancelled.v1              | procurement   | notifications, audit        |
| procurement.question-answered.v1             | procurement   | notifications, audit        |
| procurement.bidder-registered.v1 (by bidder) | procurement   | notifications, audit        |
| procurement.bid-received.v1                  | procurement   | notifications, audit        |
| procurement.bid-withdrawn.v1                 | procurement   | audit                       |
| procurement.bid-access-attempted.v1          | procurement   | audit                       |
| procurement.tender-closed.v1                 | procurement   | audit                       |
| procurement.bids-opened.v1 (after the deadline) | procurement | audit                       |
| procurement.evaluation-requested.v1          | procurement   | scoring, audit              |
| procurement.award-decided.v1                 | procurement   | notifications, audit        |
| procurement.committee-member-assigned.v1, conflict-declared.v1, points-entered.v1, consensus-recorded.v1,
  bid-assessed.v1, complaint-recorded.v1 | procurement | audit |
| procurement.standstill-started.v1, contract-signed.v1 | procurement | notifications, audit |
| procurement.outcome-reported.v1, outcome-reviewed.v1 | procurement | audit |
| procurement.outcome-report-due.v1            | procurement   | notifications, audit        |
| scoring.evaluation-completed.v1              | scoring       | procurement, notifications, audit |
| scoring.evaluation-rejected.v1               | scoring       | procurement, audit          |
| notifications.notification-sent.v1 (by recipient)   | notifications | audit                |
| notifications.notification-failed.v1 (by recipient) | notifications | audit                |
| notifications.award-notices-dispatched.v1    | notifications | procurement, audit          |

Every subscribed topic has a dead-letter topic `<topic>.dlq`. Events are keyed by tender id unless marked.
Import as `from shared import events` and name them `events.TenderPublished`.
"""

from shared.events.award import (
    BidAssessed,
    CommitteeMemberAssigned,
    ComplaintRecorded,
    ConflictDeclared,
    ConsensusRecorded,
    ContractSigned,
    PointsEntered,
    StandstillStarted,
)
from shared.events.base import Actor, Event, dead_letter_topic
from shared.events.impact import OutcomeReportDue, OutcomeReported, OutcomeReviewed
from shared.events.notifications import AwardNoticesDispatched, NotificationFailed, NotificationSent
from shared.events.procurement import (
    AwardDecided,
    BidAccessAttempted,
    BidderRegistered,
    BidReceived,
    BidsOpened,
    BidWithdrawn,
    EvaluationRequested,
    QuestionAnswered,
    TenderAmended,
    TenderCancelled,
    TenderClosed,
    TenderPublished,
)
from shared.events.scoring import EvaluationCompleted, EvaluationRejected

ALL: tuple[type[Event], ...] = (
    TenderPublished,
    TenderAmended,
    TenderCancelled,
    QuestionAnswered,
    BidderRegistered,
    BidReceived,
    BidWithdrawn,
    BidAccessAttempted,
    TenderClosed,
    BidsOpened,
    CommitteeMemberAssigned,
    ConflictDeclared,
    PointsEntered,
    ConsensusRecorded,
    BidAssessed,
    EvaluationRequested,
    AwardDecided,
    StandstillStarted,
    ComplaintRecorded,
    ContractSigned,
    OutcomeReported,
    OutcomeReviewed,
    OutcomeReportDue,
    EvaluationCompleted,
    EvaluationRejected,
    NotificationSent,
    NotificationFailed,
    AwardNoticesDispatched,
)

# Who listens to what: each service's handlers subscribe to exactly these (a test holds them to it).
SUBSCRIPTIONS: dict[str, tuple[type[Event], ...]] = {
    "procurement": (EvaluationCompleted, EvaluationRejected, AwardNoticesDispatched),
    "scoring": (EvaluationRequested,),
    "notifications": (
        BidderRegistered,
        BidReceived,
        TenderPublished,
        TenderAmended,
        QuestionAnswered,
        TenderCancelled,
        EvaluationCompleted,
        AwardDecided,
        StandstillStarted,
        ContractSigned,
        OutcomeReportDue,
    ),
    "audit": ALL,
}

SUBSCRIBED: tuple[type[Event], ...] = tuple(
    sorted({event for listened in SUBSCRIPTIONS.values() for event in listened}, key=lambda event: event.topic)
)
BY_TOPIC: dict[str, type[Event]] = {event.topic: event for event in ALL}


def subscribed_topics() -> list[str]:
    return [event.topic for event in SUBSCRIBED]


def all_topics() -> list[str]:
    """Every topic the suite uses, dead-letter topics included: what is created up front."""
    return sorted({event.topic for event in ALL} | {dead_letter_topic(t) for t in subscribed_topics()})


__all__ = [
    "ALL",
    "BY_TOPIC",
    "SUBSCRIBED",
    "SUBSCRIPTIONS",
    "Actor",
    "AwardDecided",
    "AwardNoticesDispatched",
    "BidAccessAttempted",
    "BidAssessed",
    "BidReceived",
    "BidWithdrawn",
    "BidderRegistered",
    "BidsOpened",
    "CommitteeMemberAssigned",
    "ComplaintRecorded",
    "ConflictDeclared",
    "ConsensusRecorded",
    "ContractSigned",
    "EvaluationCompleted",
    "EvaluationRejected",
    "EvaluationRequested",
    "Event",
    "NotificationFailed",
    "NotificationSent",
    "OutcomeReportDue",
    "OutcomeReported",
    "OutcomeReviewed",
    "PointsEntered",
    "QuestionAnswered",
    "StandstillStarted",
    "TenderAmended",
    "TenderCancelled",
    "TenderClosed",
    "TenderPublished",
    "all_topics",
    "dead_letter_topic",
    "subscribed_topics",
]
