"""Each service's schema is its own Alembic migration history (`services/<name>/migrations/`), run through one
shared environment (`shared/alembic/`); a service upgrades its database to the newest migration at start-up."""

import threading
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, MetaData

ENVIRONMENT = Path(__file__).parent / "alembic"
# Alembic keeps the running migration's context in module state: two services starting in one process (the
# end-to-end tests do) must not migrate at the same time, or one runs in the other's context.
_ONE_AT_A_TIME = threading.Lock()


def alembic_config(history: Path, metadata: list[MetaData], connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ENVIRONMENT))
    config.set_main_option("version_locations", str(history))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    config.attributes["target_metadata"] = metadata
    return config


def upgrade(connection: Connection, history: Path, metadata: list[MetaData]) -> None:
    with _ONE_AT_A_TIME:
        command.upgrade(alembic_config(history, metadata, connection), "head")


def drift(connection: Connection, metadata: list[MetaData]) -> list[Any]:
    """What the tables in code and the migrated database disagree on; empty when the migrations are complete."""
    with _ONE_AT_A_TIME:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        return list(compare_metadata(context, metadata))  # type: ignore[arg-type]  # a sequence works; the stub is narrow
