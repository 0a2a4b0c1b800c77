"""The audit tools behind `procure audit`: reading keys, printing reports, the engine for re-computation.

Imported when an audit command runs, so that `procure` itself starts quickly."""

import json
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from rich.console import Console
from rich.markup import escape

from services.audit.domain.recompute import EngineAnswer, RecomputeReport, Status
from services.audit.domain.verification import VerificationReport
from services.audit.keys import KeyProblem, read_public_key
from services.audit.offline.database import DatabaseProblem
from services.audit.offline.recompute import recompute_tender
from services.audit.offline.verify import InputProblem, verify_database, verify_export
from services.audit.settings import Settings
from services.scoring.domain import ENGINE_VERSION, evaluate
from shared.evaluation import InvalidRequest, parse_request

BAD_INPUTS = (InputProblem, DatabaseProblem, KeyProblem)


def verification(
    from_export: Path | None, checkpoints: Path | None, public_key: Path | None, database_url: str | None
) -> VerificationReport:
    key = _public_key(public_key)
    if from_export is not None:
        return verify_export(from_export, key, checkpoints)
    return verify_database(database_url or Settings().database_url, key, checkpoints)


def recomputation(tender_id: str, database_url: str | None) -> RecomputeReport:
    return recompute_tender(database_url or Settings().database_url, tender_id, ScoringEngine())


def _public_key(path: Path | None) -> Ed25519PublicKey | None:
    if path is None:
        return None
    try:
        return read_public_key(path.read_text(), source=str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise KeyProblem(f"{path}: {getattr(error, 'strerror', None) or error}") from None


def print_verification(report: VerificationReport) -> None:
    console = Console(highlight=False)
    span = f" (seq {report.first_seq}–{report.last_seq})" if report.entries else ""
    console.print(f"Verified {report.entries} entries{span} of {escape(report.source)}")
    first = report.first
    if first is None:
        console.print("[bold green]INTACT[/]: every link, payload and checkpoint holds")
    else:
        console.print(f"[bold red]NOT INTACT[/]: first bad seq {first.seq}: {first.kind} — {escape(first.detail)}")
        for finding in report.findings[1:]:
            console.print(f"  also seq {finding.seq}: {finding.kind} — {escape(finding.detail)}")
        if report.unlisted:
            console.print(f"  and {report.unlisted} more")
    coverage = report.coverage
    if coverage.pinned_key_id is not None:
        console.print(
            f"Checkpoints: {coverage.given} apply, {coverage.signed} signed by the pinned key {coverage.pinned_key_id}"
        )
    for note in report.notes:
        console.print(f"Note: {escape(note)}")


class ScoringEngine:
    """The scoring service's engine, run here directly: the composition root may import every service."""

    version = ENGINE_VERSION

    def run(self, request: Any, *, sensitivity: bool) -> EngineAnswer:
        try:
            result = evaluate(parse_request(request), sensitivity=sensitivity)
        except InvalidRequest as invalid:
            return EngineAnswer(None, [{"path": p.path, "reason": p.reason} for p in invalid.problems])
        return EngineAnswer(result.to_document(), [])


_MARKS = {Status.OK: "[green]✓[/]", Status.DIFFERS: "[red]✗[/]", Status.WARNING: "[yellow]![/]"}


def print_recomputation(report: RecomputeReport) -> None:
    console = Console(highlight=False)
    console.print(f"Tender {escape(report.tender_id)}, re-computed with engine {report.engine_version}")
    if not report.requests:
        console.print("The log holds no evaluation request for this tender: nothing to re-compute.")
    print_check(console, report.integrity)
    for request in report.requests:
        entry = request.request.entry
        console.print(f"\nEvaluation request {entry.event_id} (seq {entry.seq}), lot {escape(request.request.lot_id)}")
        for check in request.checks:
            print_check(console, check)
    verdict = "no difference" if not report.differences else f"{report.differences} check(s) found differences"
    console.print(f"\n{verdict}")


def print_check(console: Console, check: Any) -> None:
    mark = _MARKS.get(check.status, "·")
    label = "not recorded in the log yet" if check.status is Status.NOT_RECORDED else str(check.status)
    console.print(f"  {mark} {check.name}: {label}")
    for detail in check.details:
        console.print(f"      {escape(detail)}")


def print_json(document: dict[str, Any]) -> None:
    sys.stdout.buffer.write(json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n")
    sys.stdout.flush()
