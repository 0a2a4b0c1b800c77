"""The single writer: one process appends to the chain, the others serve reads and wait for the lock.

- SQLite: an exclusive `flock` on `<database>.writer-lock` beside the database file. The operating system drops
  it when the holder dies, and two opens of the file conflict even within one process (two apps in a test).
- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) held on a connection of its own. Should that
  connection drop, the lock is gone: the writer notices on its next check and stops appending.
- An in-memory SQLite database lives in one process: nothing to share, so the lock is always granted.

The lock keeps a second replica from appending at all; should it ever be bypassed, the primary key on `seq` still
refuses a second entry chained from the same predecessor.
"""

import asyncio
import contextlib
import fcntl
import os
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

# The advisory lock's key: any 64-bit number the suite's other locks will not use ("audit-wr").
ADVISORY_KEY = int.from_bytes(b"audit-wr", "big") & 0x7FFF_FFFF_FFFF_FFFF


class WriterLock(Protocol):
    async def try_acquire(self) -> bool:
        """Take the lock if it is free; False when another holds it."""
        ...

    async def still_held(self) -> bool: ...

    async def release(self) -> None: ...


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    async def try_acquire(self) -> bool:
        if self._file is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        file = self.path.open("a+")
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            return False
        file.seek(0)
        file.truncate()
        file.write(f"pid {os.getpid()}\n")  # for a person wondering who holds it
        file.flush()
        self._file = file
        return True

    async def still_held(self) -> bool:
        return self._file is not None

    async def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class ProcessLock:
    """For a database no other process can open."""

    def __init__(self) -> None:
        self._held = False

    async def try_acquire(self) -> bool:
        self._held = True
        return True

    async def still_held(self) -> bool:
        return self._held

    async def release(self) -> None:
        self._held = False


class AdvisoryLock:
    def __init__(self, engine: AsyncEngine, key: int = ADVISORY_KEY) -> None:
        self._engine = engine
        self._key = key
        self._connection: AsyncConnection | None = None

    async def try_acquire(self) -> bool:
        if self._connection is not None:
            return True
        connection = await self._engine.connect()
        granted = (await connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key})).scalar()
        await connection.commit()
        if not granted:
            await connection.close()
            return False
        self._connection = connection
        return True

    async def still_held(self) -> bool:
        if self._connection is None:
            return False
        try:
            await self._connection.execute(text("SELECT 1"))
            await self._connection.commit()
        except Exception:  # the connection is gone, and the lock with it
            await self._drop()
            return False
        return True

    async def release(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
                await self._connection.commit()
            await self._drop()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()


def writer_lock_for(database_url: str, engine: AsyncEngine) -> WriterLock:
    url = make_url(database_url)
    if url.drivername.startswith("postgresql"):
        return AdvisoryLock(engine)
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        return FileLock(Path(f"{url.database}.writer-lock"))
    return ProcessLock()


async def acquire(lock: WriterLock, *, poll_seconds: float) -> None:
    """Wait until this process holds the lock (a replica may wait for as long as the writer lives)."""
    while not await lock.try_acquire():  # noqa: ASYNC110 - the lock is another process's: no event to wait on
        await asyncio.sleep(poll_seconds)
