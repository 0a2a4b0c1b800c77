"""The procurement service's tables and its store."""

from services.procurement.store.award_tables import (
    Assessment,
    CommitteeMember,
    Complaint,
    ConsensusPoints,
    Contract,
    EvaluatorPoints,
    OutcomeReport,
    ReminderSent,
)
from services.procurement.store.queries import ProcurementStore
from services.procurement.store.tables import (
    Amendment,
    Award,
    Bid,
    Bidder,
    EvaluationRun,
    Lot,
    ProcurementTable,
    ProxyTableVersion,
    Question,
    Tender,
    TenderKey,
)

__all__ = [
    "Amendment",
    "Assessment",
    "Award",
    "Bid",
    "Bidder",
    "CommitteeMember",
    "Complaint",
    "ConsensusPoints",
    "Contract",
    "EvaluationRun",
    "EvaluatorPoints",
    "Lot",
    "OutcomeReport",
    "ProcurementStore",
    "ProcurementTable",
    "ProxyTableVersion",
    "Question",
    "ReminderSent",
    "Tender",
    "TenderKey",
]
