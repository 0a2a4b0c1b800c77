"""`procure audit …`: the auditors' offline tools."""

import typer

app = typer.Typer(no_args_is_help=True, help="Verify the audit log and re-compute awards from it.")
