"""Database engines and sessions for a service's own database: SQLite by default, PostgreSQL by URL."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Dialect, MetaData, String, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import registry
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

Sessions = async_sessionmaker[AsyncSession]


def make_engine(url: str) -> AsyncEngine:
    """An engine for `url`; SQLite gets WAL, a busy timeout and foreign keys, so the outbox relay and the
    handlers of one process can write side by side."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return create_async_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30})
    event.listen(engine.sync_engine, "connect", _tune_sqlite)
    return engine


def make_sessions(engine: AsyncEngine) -> Sessions:
    # Objects stay readable after commit: lazy reloads are not possible in async code.
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes in and out, stored as UTC: SQLite keeps no zone and would hand back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


# Named constraints, so that migrations can drop and alter them (SQLite alters by copying the table).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}


def service_registry() -> registry:
    """A registry of a service's own tables: kept apart from every other service's, named by the convention."""
    return registry(metadata=MetaData(naming_convention=NAMING_CONVENTION))


class PlumbingTable(SQLModel, registry=service_registry()):
    """Base of the tables every service's database holds beside its own: the outbox and the inbox."""


class DecimalText(TypeDecorator[Decimal]):
    """Money and points stored as their exact decimal text: SQLite has no decimal type and would round through
    a float."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)
