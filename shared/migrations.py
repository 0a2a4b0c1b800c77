"""Each service's schema is its own Alembic migration history (`services/<name>/migrations/`), run through one
shared environment (`shared/alembic/`); a service upgrades its database to the newest migration at start-up."""

import asyncio
import weakref
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, MetaData
from sqlalchemy.ext.asyncio import AsyncConnection

ENVIRONMENT = Path(__file__).parent / "alembic"
# Alembic keeps the running migration's context in module state: two services starting in one process (the
# end-to-end tests do) must not migrate at the same time, or one runs in the other's context. The migrations run
# on the event loop's own thread (SQLAlchemy's run_sync), so the lock is an asyncio lock, one per loop.
_locks: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]" = weakref.WeakKeyDictionary()


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


async def migrate(connection: AsyncConnection, history: Path, metadata: list[MetaData]) -> None:
    """Upgrade the connection's database to the newest migration, one service of this process at a time."""
    lock = _locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with lock:
        await connection.run_sync(upgrade, history, metadata)


def drift(connection: Connection, metadata: list[MetaData]) -> list[Any]:
    """What the tables in code and the migrated database disagree on; empty when the migrations are complete."""
    context = MigrationContext.configure(connection, opts={"render_as_batch": True})
    return list(compare_metadata(context, metadata))  # type: ignore[arg-type]  # a sequence works; the stub is narrow
