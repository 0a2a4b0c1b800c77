"""`procure audit …`: the auditors' offline tools, run without the services.

`verify` re-computes the chain from the audit database (or an export file) and holds it to the signed checkpoints,
with the public key the auditor pinned; `recompute` re-checks a tender's evaluations from the log and re-runs the
scoring engine on them. Exit 0: intact / no difference; 1: not; 2: bad input.
"""

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
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

app = typer.Typer(no_args_is_help=True, help="Verify the audit log and re-compute awards from it.")
BAD_INPUT = 2
DatabaseOption = Annotated[
    str | None,
    typer.Option("--database-url", help="The audit database (default: the audit service's DATABASE_URL setting)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]


@app.command()
def verify(
    from_export: Annotated[
        Path | None, typer.Option("--from-export", help="Verify this export (JSON Lines or CSV) instead.")
    ] = None,
    checkpoints: Annotated[
        Path | None, typer.Option("--checkpoints", help="Signed checkpoints to hold the chain to (one JSON a line).")
    ] = None,
    public_key: Annotated[
        Path | None, typer.Option("--public-key", help="The pinned Ed25519 public key (PEM, base64 or hex).")
    ] = None,
    json_output: JsonOption = False,
    database_url: DatabaseOption = None,
) -> None:
    """Re-compute the chain and check the signed checkpoints: exit 0 when intact, 1 when not (naming the first bad
    seq and what happened there), 2 on bad input."""
    try:
        key = _public_key(public_key)
        if from_export is not None:
            report = verify_export(from_export, key, checkpoints)
        else:
            report = verify_database(database_url or Settings().database_url, key, checkpoints)
    except (InputProblem, DatabaseProblem, KeyProblem) as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(BAD_INPUT) from None
    if json_output:
        _print_json(report.document())
    else:
        _print_verification(report)
    raise typer.Exit(0 if report.intact else 1)


def _public_key(path: Path | None) -> Ed25519PublicKey | None:
    if path is None:
        return None
    try:
        return read_public_key(path.read_text(), source=str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise KeyProblem(f"{path}: {getattr(error, 'strerror', None) or error}") from None


def _print_verification(report: VerificationReport) -> None:
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


@app.command()
def recompute(
    tender_id: Annotated[str, typer.Argument(metavar="TENDER_ID", help="The tender, as the log names it.")],
    json_output: JsonOption = False,
    database_url: DatabaseOption = None,
) -> None:
    """Re-check a tender's evaluations from the log (model, bids and commitments, consensus) and re-run the engine
    on each request: exit 0 when nothing differs, 1 when something does, 2 on bad input."""
    try:
        report = recompute_tender(database_url or Settings().database_url, tender_id, ScoringEngine())
    except DatabaseProblem as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(BAD_INPUT) from None
    if json_output:
        _print_json(report.document())
    else:
        _print_recomputation(report)
    raise typer.Exit(1 if report.differences else 0)


_MARKS = {Status.OK: "[green]✓[/]", Status.DIFFERS: "[red]✗[/]", Status.WARNING: "[yellow]![/]"}


def _print_recomputation(report: RecomputeReport) -> None:
    console = Console(highlight=False)
    console.print(f"Tender {escape(report.tender_id)}, re-computed with engine {report.engine_version}")
    if not report.requests:
        console.print("The log holds no evaluation request for this tender: nothing to re-compute.")
    _print_check(console, report.integrity)
    for request in report.requests:
        entry = request.request.entry
        console.print(f"\nEvaluation request {entry.event_id} (seq {entry.seq}), lot {escape(request.request.lot_id)}")
        for check in request.checks:
            _print_check(console, check)
    verdict = "no difference" if not report.differences else f"{report.differences} check(s) found differences"
    console.print(f"\n{verdict}")


def _print_check(console: Console, check: Any) -> None:
    mark = _MARKS.get(check.status, "·")
    label = "not recorded in the log yet" if check.status is Status.NOT_RECORDED else str(check.status)
    console.print(f"  {mark} {check.name}: {label}")
    for detail in check.details:
        console.print(f"      {escape(detail)}")


def _print_json(document: dict[str, Any]) -> None:
    sys.stdout.buffer.write(json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n")
    sys.stdout.flush()
