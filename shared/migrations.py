"""Each service's schema is its own Alembic migration history (`services/<name>/migrations/`), run through one
shared environment (`shared/alembic/`); a service upgrades its database to the newest migration at start-up."""

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, MetaData

ENVIRONMENT = Path(__file__).parent / "alembic"


def alembic_config(history: Path, metadata: list[MetaData], connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ENVIRONMENT))
    config.set_main_option("version_locations", str(history))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    config.attributes["target_metadata"] = metadata
    return config


def upgrade(connection: Connection, history: Path, metadata: list[MetaData]) -> None:
    command.upgrade(alembic_config(history, metadata, connection), "head")


def drift(connection: Connection, metadata: list[MetaData]) -> list[Any]:
    """What the tables in code and the migrated database disagree on; empty when the migrations are complete."""
    context = MigrationContext.configure(connection, opts={"render_as_batch": True})
    return list(compare_metadata(context, metadata))  # type: ignore[arg-type]  # a sequence works; the stub is narrow
