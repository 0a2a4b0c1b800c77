"""A throwaway PostgreSQL server for the test run, from the machine's PostgreSQL binaries.

It lives in a temporary folder on a free port and is stopped at the end; nothing of the machine's own PostgreSQL
is touched. As root, it runs as the `postgres` user (initdb refuses root). TEST_POSTGRES_URL names a running
server instead.
"""

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def binaries() -> Path:
    found = shutil.which("pg_ctl") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[::-1]), None)
    if found is None:
        raise PostgresUnavailable("no PostgreSQL binaries (pg_ctl) here; .ci/run installs them from Debian")
    return Path(os.path.realpath(found)).parent


@contextmanager
def temporary_postgres(port: int) -> Iterator[str]:
    """Start a server; yields its SQLAlchemy URL (asyncpg) for the `postgres` database."""
    bin_dir = binaries()
    root = Path(tempfile.mkdtemp(prefix="procure-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    as_root = os.geteuid() == 0
    if as_root:
        root.chmod(0o755)
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    run = _runner(as_root)
    run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"])
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    try:
        run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"])
    except subprocess.CalledProcessError as error:
        raise PostgresUnavailable(f"PostgreSQL did not start:\n{log.read_text() if log.exists() else error}") from None
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"
    finally:
        run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)


def _runner(as_root: bool):  # type: ignore[no-untyped-def]
    def run(command: list[str], check: bool = True) -> None:
        full = ["runuser", "-u", "postgres", "--", *command] if as_root else command
        subprocess.run(full, check=check, capture_output=True, text=True, cwd="/")

    return run
