"""One instance at a time: the lock a job takes so that of several replicas only one runs it (the audit log's
writer, procurement's deadline clock); the others serve HTTP and wait for it.

- SQLite: an exclusive `flock` on `<database>.<purpose>.lock` beside the database file. The operating system drops
  it when the holder dies, and two opens of the file conflict even within one process (two apps in a test).
- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) held on a connection of its own. Should that
  connection drop, the lock is gone: the writer notices on its next check and stops appending.
- An in-memory SQLite database lives in one process: nothing to share, so the lock is always granted.

Should the lock ever be bypassed, the audit chain's primary key on `seq` still refuses a second entry chained
from the same predecessor; the deadline clock and the outcome reminders rely on the lock alone.
"""

import asyncio
import contextlib
import fcntl
import hashlib
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, Protocol

import structlog
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = structlog.get_logger(__name__)


class InstanceLock(Protocol):
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
    def __init__(self, engine: AsyncEngine, key: int) -> None:
        self._engine = engine
        self._key = key
        self._connection: AsyncConnection | None = None

    async def try_acquire(self) -> bool:
        if self._connection is not None:
            return True
        connection = await self._engine.connect()
        try:
            query = text("SELECT pg_try_advisory_lock(:key)")
            granted = (await connection.execute(query, {"key": self._key})).scalar()
            await connection.commit()
        except Exception:
            await connection.close()  # the database is away: no lock, and no connection left behind
            raise
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


def advisory_key(purpose: str) -> int:
    """A stable signed 64-bit key per purpose, so the suite's locks never collide on one PostgreSQL server."""
    return int.from_bytes(hashlib.sha256(purpose.encode()).digest()[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF


def instance_lock_for(database_url: str, engine: AsyncEngine, purpose: str) -> InstanceLock:
    """The lock that fits the database: replicas sharing it contend for `purpose`."""
    url = make_url(database_url)
    if url.drivername.startswith("postgresql"):
        return AdvisoryLock(engine, advisory_key(purpose))
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        return FileLock(Path(f"{url.database}.{purpose}.lock"))
    return ProcessLock()


class SingleInstanceJob:
    """Runs `tick` while this process holds `lock`, pausing `pause` (default: `poll_seconds`) between ticks; a
    replica without the lock waits its turn and takes over when the holder dies or loses it. Nothing that fails
    here, the lock's database included, ends the job: a job that died would leave its work silently undone."""

    def __init__(
        self,
        name: str,
        tick: Callable[[], Awaitable[object]],
        lock: InstanceLock,
        *,
        poll_seconds: float,
        pause: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.name = name
        self._tick = tick
        self._lock = lock
        self._poll_seconds = poll_seconds
        self._pause = pause
        self.holds_lock = False

    async def run(self) -> None:
        try:
            while True:
                try:
                    if await self._take_or_keep_lock():
                        await self._tick()
                except Exception:
                    log.exception("job_failed", job=self.name)
                if self.holds_lock and self._pause is not None:
                    await self._pause()
                else:
                    await asyncio.sleep(self._poll_seconds)
        finally:
            await self._lock.release()
            self.holds_lock = False

    async def _take_or_keep_lock(self) -> bool:
        if self.holds_lock:
            if await self._lock.still_held():
                return True
            log.error("job_lock_lost", job=self.name)
        self.holds_lock = await self._lock.try_acquire()
        if self.holds_lock:
            log.info("job_lock_taken", job=self.name)
        return self.holds_lock
