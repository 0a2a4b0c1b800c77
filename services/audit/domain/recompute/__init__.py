"""`recompute`: take a tender's evaluation requests from the log and check each against the rest of the log, then
re-run the engine and compare with what scoring logged. Pure: the log's entries and the engine are given."""

from dataclasses import dataclass
from typing import Any

from services.audit.domain.recompute.checks import (
    REQUEST_CHECKS,
    Check,
    Engine,
    EngineAnswer,
    RequestInLog,
    Status,
    rerun_checks,
)
from services.audit.domain.recompute.log import EVALUATION_REQUESTED, LoggedEvent, TenderLog


@dataclass(frozen=True)
class RequestReport:
    request: RequestInLog
    checks: list[Check]

    def document(self) -> dict[str, Any]:
        return {
            "request_event_id": self.request.entry.event_id,
            "seq": self.request.entry.seq,
            "lot_id": self.request.lot_id,
            "checks": [check.document() for check in self.checks],
        }


@dataclass(frozen=True)
class RecomputeReport:
    tender_id: str
    engine_version: str
    requests: list[RequestReport]
    integrity: Check

    @property
    def differences(self) -> int:
        checks = [self.integrity, *(check for report in self.requests for check in report.checks)]
        return sum(check.status is Status.DIFFERS for check in checks)

    def document(self) -> dict[str, Any]:
        return {
            "tender_id": self.tender_id,
            "engine_version": self.engine_version,
            "differences": self.differences,
            "integrity": self.integrity.document(),
            "requests": [report.document() for report in self.requests],
        }


def recompute(log: TenderLog, engine: Engine) -> RecomputeReport:
    reports = []
    for entry in log.of_type(EVALUATION_REQUESTED):
        document = entry.body()
        request = RequestInLog(entry, document, str(document.get("lot_id")))
        checks = [check(log, request) for check in REQUEST_CHECKS]
        reports.append(RequestReport(request, checks + rerun_checks(log, request, engine)))
    return RecomputeReport(log.tender_id, engine.version, reports, _integrity(log))


def _integrity(log: TenderLog) -> Check:
    """The entries read here must hash to their headers; the chain itself is `verify`'s to check."""
    broken = [entry.seq for entry in [*log.entries, *log.registrations] if not entry.intact]
    if broken:
        listed = ", ".join(map(str, broken[:20]))
        return Check("payloads", Status.DIFFERS, (f"entries {listed} do not hash to their payload_sha256",))
    count = len(log.entries) + len(log.registrations)
    return Check(
        "payloads", Status.OK, (f"the {count} entries read hash to their headers (run `verify` for the chain)",)
    )


__all__ = ["Check", "Engine", "EngineAnswer", "LoggedEvent", "RecomputeReport", "Status", "TenderLog", "recompute"]
