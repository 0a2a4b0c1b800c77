"""`procure impact [--year Y] [--json]`: promised against delivered social value, read from procurement's database
(no service needs to run)."""

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import typer
from rich.console import Console
from rich.table import Table


def command(
    year: int = typer.Option(None, help="Only contracts signed in this year"),
    json_output: bool = typer.Option(False, "--json", help="Print JSON"),
    database_url: str = typer.Option(None, help="Procurement's database (defaults to its settings)"),
) -> None:
    """The impact of social clauses: people, enterprises, society; promised against delivered per contract."""
    from services.procurement.impact_facts import as_json
    from services.procurement.settings import Settings

    summary = asyncio.run(_summary(database_url or Settings().database_url, year))
    if json_output:
        typer.echo(json.dumps(as_json(summary), ensure_ascii=False))
        return
    _print(summary)


async def _summary(url: str, year: int | None) -> dict[str, Any]:
    from services.procurement.domain import impact
    from services.procurement.impact_facts import measures_of
    from services.procurement.store import ProcurementStore
    from shared.database import make_engine, make_sessions

    engine = make_engine(url)
    try:
        measures = await measures_of(make_sessions(engine), ProcurementStore(), datetime.now(UTC).date(), year)
    finally:
        await engine.dispose()
    return {
        "year": year,
        "contracts": measures,
        "tracks": impact.tracks(measures),
        "groups": impact.group(measures, "supplier_type"),
    }


def _print(summary: dict[str, Any]) -> None:
    console = Console()
    table = Table(title="Social value per contract (DKK, after SROI adjustments; gross in brackets)")
    for column in ("supplier", "promised", "delivered", "rate", "on schedule"):
        table.add_column(column, justify="left" if column == "supplier" else "right")
    for m in summary["contracts"]:
        rate = f"{m['delivery_rate'] * 100:.0f} %" if m["delivery_rate"] is not None else "-"
        table.add_row(
            m["supplier"],
            f"{m['promised_dkk']:,.0f} ({m['promised_dkk_gross']:,.0f})",
            f"{m['delivered_dkk']:,.0f} ({m['delivered_dkk_gross']:,.0f})",
            rate,
            "no" if m["behind_schedule"] else "yes",
        )
    console.print(table)
    tracks = summary["tracks"]
    people = ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in tracks["people"].items()) or "none yet"
    console.print(f"[bold]People[/bold]: {people} (FTE-years)")
    enterprises = tracks["enterprises"]
    console.print(
        f"[bold]Enterprises[/bold]: {enterprises['contracts_won_by_social_economy']} contracts, "
        f"DKK {enterprises['dkk_won_by_social_economy']:,.0f} won by social-economy enterprises; "
        f"{enterprises['contracts_with_social_economy_subcontractor']} with a social-economy subcontractor"
    )
    society = tracks["society"]
    console.print(
        f"[bold]Society[/bold]: social value delivered DKK {society['social_value_dkk']:,.0f} "
        f"(gross {society['social_value_dkk_gross']:,.0f})"
    )
