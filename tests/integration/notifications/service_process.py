"""The notifications service as a real process (`python -m procure serve notifications`) on the real broker,
so that a test (or the benchmark) can SIGKILL it and start it again on the same database."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parents[3]


class NotificationsProcess:
    def __init__(self, bootstrap: str, namespace: str, folder: Path, *, smtp_port: int, port: int) -> None:
        self.port = port
        self.log = folder / "notifications.log"
        self.database = folder / "notifications.db"
        self.env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "KAFKA_NAMESPACE": namespace,
            "KAFKA_INSTANCE_ID": "notifications-under-test",  # a restart takes its partitions back at once
            "DATABASE_URL": f"sqlite+aiosqlite:///{self.database}",
            "PORT": str(port),
            "SMTP_PORT": str(smtp_port),
            "OUTBOX_POLL_SECONDS": "0.1",
            "DISPATCH_POLL_SECONDS": "0.1",
            "DISPATCH_BATCH_SIZE": "20",
            "DISPATCH_LEASE_SECONDS": "2",  # after a crash, what it had claimed is due again this soon
            "BACKOFF_BASE_SECONDS": "0.5",
        }
        self.env.pop("PROCURE_CRASH_AT", None)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, crash_at: str | None = None) -> None:
        env = {**self.env, **({"PROCURE_CRASH_AT": crash_at} if crash_at else {})}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "procure", "serve", "notifications"],
                env=env,
                cwd=REPO_ROOT,
                stdout=log,
                stderr=log,
            )

    async def ready(self) -> bool:
        try:
            async with httpx.AsyncClient() as client:
                return (await client.get(f"http://127.0.0.1:{self.port}/ready")).status_code == 200
        except httpx.HTTPError:
            return False

    def died_by_sigkill(self, timeout: float) -> bool:
        assert self.process is not None
        return self.process.wait(timeout) == -signal.SIGKILL

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)

    def recorded(self, status: str) -> set[str]:
        """The e-mails the database records with `status`, read straight from the file (the process may be dead)."""
        with sqlite3.connect(self.database) as connection:
            rows = connection.execute(
                "SELECT notification_id FROM notification WHERE channel = 'email' AND status = ?", (status,)
            )
            return {notification_id for (notification_id,) in rows}
