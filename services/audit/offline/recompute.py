"""`recompute` over the audit database: the tender's entries and the bidder registrations, then the pure checks."""

from services.audit.domain.recompute import Engine, RecomputeReport, TenderLog, recompute
from services.audit.offline.database import DatabaseProblem, open_log


def recompute_tender(database_url: str, tender_id: str, engine: Engine) -> RecomputeReport:
    log = open_log(database_url)
    entries = log.tender_entries(tender_id)
    if not entries:
        raise DatabaseProblem(f"no entry of {log.label} names tender {tender_id}")
    return recompute(TenderLog(tender_id, entries, log.registrations()), engine)
