"""Reading the audit database directly, read-only: SQLite through `sqlite3` (the fast path a million entries need),
any other database through SQLAlchemy. Nothing here writes, and a missing SQLite file is an error, not created."""

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, cast

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from services.audit.domain import utc_text
from services.audit.domain.checkpoints import Checkpoint
from services.audit.domain.recompute.log import BIDDER_REGISTERED, LoggedEvent
from services.audit.domain.verification import ChainRow

BATCH = 20_000
_CHAIN_COLUMNS = (
    "seq, event_id, event_type, tender_id, actor, {occurred}, {recorded}, payload_sha256, entry_hash, {payload}"
)
_CHECKPOINTS = "SELECT seq, entry_hash, count, time, signature, key_id FROM audit_checkpoint ORDER BY seq"
_LOGGED = "SELECT seq, event_id, event_type, payload, payload_sha256 FROM audit_entry"


class DatabaseProblem(Exception):
    """The database cannot be read as an audit log: the message says why."""


class LogDatabase(Protocol):
    label: str

    def chain_batches(self) -> Iterator[list[ChainRow]]: ...

    def checkpoints(self) -> list[Checkpoint]: ...

    def tender_entries(self, tender_id: str) -> list[LoggedEvent]: ...

    def registrations(self) -> list[LoggedEvent]: ...


def open_log(database_url: str) -> LogDatabase:
    url = make_url(database_url)
    if url.drivername.startswith("sqlite"):
        if not url.database or url.database == ":memory:":
            raise DatabaseProblem("an in-memory database holds no log to read")
        return SqliteLog(Path(url.database))
    return SqlAlchemyLog(database_url)


class SqliteLog:
    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise DatabaseProblem(f"{path}: no such database file")
        self.label, self.path = str(path), path
        try:
            self._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            self._connection.execute("SELECT 1 FROM audit_entry LIMIT 1")
        except sqlite3.Error as error:
            raise DatabaseProblem(f"{path}: not an audit database ({error})") from None

    def chain_batches(self, first: int = 1, last: int | None = None) -> Iterator[list[ChainRow]]:
        """The entries from seq `first` to `last` (or the end), in seq order, as the verifier reads them: rows
        straight from SQLite, nothing rebuilt in Python (that alone would halve the pace)."""
        columns = _CHAIN_COLUMNS.format(
            occurred=_time_in_sql("occurred_at"), recorded=_time_in_sql("recorded_at"), payload="CAST(payload AS BLOB)"
        )
        cursor = self._connection.execute(
            f"SELECT {columns} FROM audit_entry WHERE seq BETWEEN ? AND ? ORDER BY seq", (first, last or 2**63 - 1)
        )
        while batch := cursor.fetchmany(BATCH):
            yield cast(list[ChainRow], batch)  # the same ten columns in the same order

    def bounds(self) -> tuple[int, int, int]:
        """The first and last seq, and how many entries there are."""
        first, last, count = self._connection.execute("SELECT min(seq), max(seq), count(*) FROM audit_entry").fetchone()
        return first or 0, last or 0, count

    def entry_hash(self, seq: int) -> str | None:
        row = self._connection.execute("SELECT entry_hash FROM audit_entry WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row else None

    def checkpoints(self) -> list[Checkpoint]:
        """The checkpoints in the database; none when it has no checkpoint table (a log from before there were
        checkpoints, or one whose table was dropped: either way nothing vouches for it, and the report says so)."""
        try:
            return [Checkpoint(*row) for row in self._connection.execute(_CHECKPOINTS)]
        except sqlite3.OperationalError:
            return []

    def tender_entries(self, tender_id: str) -> list[LoggedEvent]:
        rows = self._connection.execute(f"{_LOGGED} WHERE tender_id = ? ORDER BY seq", (tender_id,))
        return [LoggedEvent(*row) for row in rows]

    def registrations(self) -> list[LoggedEvent]:
        rows = self._connection.execute(f"{_LOGGED} WHERE event_type = ? ORDER BY seq", (BIDDER_REGISTERED,))
        return [LoggedEvent(*row) for row in rows]


class SqlAlchemyLog:
    """PostgreSQL (or any database SQLAlchemy reaches), page by page on a loop of its own."""

    def __init__(self, database_url: str) -> None:
        self.label = make_url(database_url).render_as_string(hide_password=True)
        self._engine = create_async_engine(database_url)
        self._loop = asyncio.new_event_loop()

    def _run(self, query: str, **params: Any) -> list[Any]:
        async def fetch() -> list[Any]:
            async with self._engine.connect() as connection:
                return list((await connection.execute(text(query), params)).all())

        try:
            return self._loop.run_until_complete(fetch())
        except Exception as error:
            raise DatabaseProblem(f"{self.label}: {error}") from None

    def chain_batches(self) -> Iterator[list[ChainRow]]:
        columns = _CHAIN_COLUMNS.format(occurred="occurred_at", recorded="recorded_at", payload="payload")
        query = f"SELECT {columns} FROM audit_entry WHERE seq > :after ORDER BY seq LIMIT {BATCH}"
        after = 0
        while rows := self._run(query, after=after):
            yield [
                ChainRow(r[0], r[1], r[2], r[3], _json_text(r[4]), _time(r[5]), _time(r[6]), r[7], r[8], r[9].encode())
                for r in rows
            ]
            after = rows[-1][0]

    def checkpoints(self) -> list[Checkpoint]:
        return [Checkpoint(*row) for row in self._run(_CHECKPOINTS)]

    def tender_entries(self, tender_id: str) -> list[LoggedEvent]:
        return [LoggedEvent(*row) for row in self._run(f"{_LOGGED} WHERE tender_id = :t ORDER BY seq", t=tender_id)]

    def registrations(self) -> list[LoggedEvent]:
        query = f"{_LOGGED} WHERE event_type = :t ORDER BY seq"
        return [LoggedEvent(*row) for row in self._run(query, t=BIDDER_REGISTERED)]


def _time_in_sql(column: str) -> str:
    """SQLite keeps times as SQLAlchemy writes them, `YYYY-MM-DD HH:MM:SS.ffffff` in UTC; SQLite itself turns them
    into the header's form. A time stored any other way comes out different, and its entry is reported modified."""
    return f"CASE WHEN typeof({column}) = 'text' THEN substr({column}, 1, 10) || 'T' || substr({column}, 12) || 'Z' END"


def _json_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)  # the driver may hand the JSON column over parsed


def _time(value: Any) -> Any:
    return utc_text(value) if isinstance(value, datetime) else value
