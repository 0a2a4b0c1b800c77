"""The procurement service's tables and its store."""

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
    "Award",
    "Bid",
    "Bidder",
    "EvaluationRun",
    "Lot",
    "ProcurementStore",
    "ProcurementTable",
    "ProxyTableVersion",
    "Question",
    "Tender",
    "TenderKey",
]
