"""`procure db revision|upgrade|check SERVICE`: each service's Alembic migration history."""

import asyncio
import importlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from procure.suite import SERVICES, service_settings

if TYPE_CHECKING:  # the migration machinery is imported by the commands that use it: `procure` starts faster
    from sqlalchemy import Connection

    from shared.runtime import ServiceRuntime

app = typer.Typer(no_args_is_help=True, help="Database migrations, one history per service.")


def runtime_of(service: str, database_url: str | None = None) -> "ServiceRuntime":
    if service not in SERVICES:
        raise typer.BadParameter(f"one of {', '.join(SERVICES)}")
    settings = service_settings(service)
    if database_url:
        settings = settings.model_copy(update={"database_url": database_url})
    runtime: ServiceRuntime = importlib.import_module(f"services.{service}.main").create_app(settings).state.runtime
    if runtime.migrations is None:
        raise typer.BadParameter(f"{service} has no migration history yet")
    return runtime


@app.command()
def revision(service: str, message: str = typer.Option(..., "-m", "--message")) -> None:
    """Write the next migration: what the service's tables in code add to its history (autogenerate)."""
    from alembic import command

    from shared.migrations import alembic_config, upgrade

    runtime = runtime_of(service)
    assert runtime.migrations is not None
    runtime.migrations.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'head.db'}"

        def write(connection: "Connection") -> None:
            assert runtime.migrations is not None
            upgrade(connection, runtime.migrations, runtime.metadata)
            config = alembic_config(runtime.migrations, runtime.metadata, connection)
            command.revision(config, message, autogenerate=True)

        asyncio.run(_with_connection(url, write))


@app.command("upgrade")
def upgrade_command(service: str, database_url: str = typer.Option(None, help="Defaults to the service's")) -> None:
    """Bring a service's database to the newest migration (services also do this at start-up)."""
    from shared.migrations import upgrade

    runtime = runtime_of(service, database_url)
    history = runtime.migrations
    assert history is not None, "runtime_of refuses a service without migrations"
    asyncio.run(_with_connection(runtime.settings.database_url, lambda c: upgrade(c, history, runtime.metadata)))


@app.command()
def check(service: str) -> None:
    """Exit 1 when the service's tables in code differ from what its migrations build."""
    from shared.migrations import drift, upgrade

    runtime = runtime_of(service)
    differences: list[object] = []
    with tempfile.TemporaryDirectory() as scratch:

        def compare(connection: "Connection") -> None:
            assert runtime.migrations is not None
            upgrade(connection, runtime.migrations, runtime.metadata)
            differences.extend(drift(connection, runtime.metadata))

        asyncio.run(_with_connection(f"sqlite+aiosqlite:///{Path(scratch) / 'head.db'}", compare))
    for difference in differences:
        typer.echo(str(difference), err=True)
    raise typer.Exit(1 if differences else 0)


async def _with_connection(url: str, work: Any) -> None:
    from shared.database import make_engine

    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(work)
    finally:
        await engine.dispose()
