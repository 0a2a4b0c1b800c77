"""`procure audit verify|recompute`: the auditors' offline tools; the work is in procure.audit_reports."""

from pathlib import Path
from typing import Annotated

import typer

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
    from procure import audit_reports as reports

    try:
        report = reports.verification(from_export, checkpoints, public_key, database_url)
    except reports.BAD_INPUTS as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(BAD_INPUT) from None
    if json_output:
        reports.print_json(report.document())
    else:
        reports.print_verification(report)
    raise typer.Exit(0 if report.intact else 1)


@app.command()
def recompute(
    tender_id: Annotated[str, typer.Argument(metavar="TENDER_ID", help="The tender, as the log names it.")],
    json_output: JsonOption = False,
    database_url: DatabaseOption = None,
) -> None:
    """Re-check a tender's evaluations from the log (model, bids and commitments, consensus) and re-run the engine
    on each request: exit 0 when nothing differs, 1 when something does, 2 on bad input."""
    from procure import audit_reports as reports

    try:
        report = reports.recomputation(tender_id, database_url)
    except reports.BAD_INPUTS as problem:
        typer.echo(str(problem), err=True)
        raise typer.Exit(BAD_INPUT) from None
    if json_output:
        reports.print_json(report.document())
    else:
        reports.print_recomputation(report)
    raise typer.Exit(1 if report.differences else 0)
