"""`procure standstill --notified YYYY-MM-DD --channel electronic|letter [--json]`."""

import json
from datetime import date
from enum import StrEnum

import typer


class Channel(StrEnum):  # as services.procurement.domain.standstill names them, without importing the service
    ELECTRONIC = "electronic"
    LETTER = "letter"


def command(
    notified: str = typer.Option(..., help="The Copenhagen date the award notices were sent (YYYY-MM-DD)"),
    channel: Channel = typer.Option(Channel.ELECTRONIC, help="electronic (10 days) or letter (15)"),
    json_output: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Print when the standstill period ends (ISO 8601 with its Copenhagen offset)."""
    import holidays

    from services.procurement.domain.standstill import STANDSTILL_DAYS, NoticeChannel, days_moved_past, standstill_end

    try:
        notified_on = date.fromisoformat(notified)
    except ValueError:
        typer.echo(f"--notified: {notified!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    notice = NoticeChannel(channel.value)
    ends_at = standstill_end(notified_on, notice)
    if not json_output:
        typer.echo(ends_at.isoformat())
        return
    calendar = holidays.Denmark(years=[notified_on.year, ends_at.year])
    moved = [
        {"date": d.isoformat(), "why": calendar.get(d) or d.strftime("%A")}
        for d in days_moved_past(notified_on, notice)
    ]
    document = {
        "notified": notified_on.isoformat(),
        "channel": channel.value,
        "days": STANDSTILL_DAYS[notice],
        "ends_at": ends_at.isoformat(),
        "moved_past": moved,
    }
    typer.echo(json.dumps(document, ensure_ascii=False))
