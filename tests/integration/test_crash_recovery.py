"""A consumer killed with SIGKILL at a named point loses nothing and repeats nothing (real broker, real SQLite)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shared.events import Actor
from shared.kafka import ensure_topics
from shared.settings import KafkaSettings
from tests.support.kafka import produce, random_letters, read_topic

REPO_ROOT = Path(__file__).resolve().parents[2]
PINGS = 30
TENDERS = ("T-1", "T-2", "T-3")


class Worker:
    """The crash worker as a child process, with its own SQLite database and log."""

    def __init__(self, bootstrap: str, run: str, tmp_path: Path) -> None:
        self.bootstrap, self.run, self.tmp_path = bootstrap, run, tmp_path
        self.database = tmp_path / "worker.db"
        self.log = tmp_path / "worker.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, crash_at: str | None = None) -> None:
        env = {
            **os.environ,
            "CRASH_RUN": self.run,
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "DATABASE_URL": f"sqlite+aiosqlite:///{self.database}",
            "KAFKA_INSTANCE_ID": "worker-1",
        }
        env.pop("PROCURE_CRASH_AT", None)
        if crash_at:
            env["PROCURE_CRASH_AT"] = crash_at
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.support.crash_worker"],
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=log,
            )

    def wait_killed(self, timeout: float = 60) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)

    def received(self) -> list[tuple[str, int]]:
        with sqlite3.connect(self.database) as db:
            return db.execute("SELECT tender_id, seq FROM received ORDER BY tender_id, seq").fetchall()

    def log_events(self, name: str) -> list[dict[str, object]]:
        lines = [json.loads(line) for line in self.log.read_text().splitlines() if line.startswith("{")]
        return [line for line in lines if line.get("event") == name]


@pytest.fixture
async def worker(kafka_bootstrap: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    run = random_letters()
    topics = [f"crashtest.ping-{run}.v1", f"crashtest.pong-{run}.v1", f"crashtest.ping-{run}.v1.dlq"]
    await ensure_topics(KafkaSettings(kafka_bootstrap_servers=kafka_bootstrap), topics)
    worker = Worker(kafka_bootstrap, run, tmp_path)
    yield worker
    worker.stop()


def pings(run: str) -> list:  # type: ignore[type-arg]
    os.environ["CRASH_RUN"] = run  # the worker module names its topics after the run at import
    from tests.support import crash_worker

    crash_worker = __import__("importlib").reload(crash_worker)
    actor = Actor(kind="system", id="test")
    return [
        crash_worker.Ping(
            occurred_at=datetime.now(UTC),
            correlation_id=run,
            actor=actor,
            payload={"tender_id": TENDERS[n % len(TENDERS)], "seq": n},
        )
        for n in range(PINGS)
    ]


def assert_each_once_in_order_per_key(records: list, sent: list, *, repeats_allowed: int = 0) -> None:  # type: ignore[type-arg]
    """Every ping answered by exactly one pong event, a tender's pongs in the order of its pings.

    `repeats_allowed`: raw copies of an already-seen pong (same event_id). Only the relay's named window makes
    them: the broker acknowledged a row and the process died before the row was marked sent.
    """
    bodies = [json.loads(record.value) for record in records]
    first_copies: dict[str, tuple[bytes, int]] = {}
    for record, body in zip(records, bodies, strict=True):
        first_copies.setdefault(body["event_id"], (record.key, body["payload"]["seq"]))
    assert sorted(seq for _, seq in first_copies.values()) == list(range(PINGS)), "one pong event per ping"
    assert len(records) - len(first_copies) <= repeats_allowed, "repeats only inside the relay's window"
    by_key: dict[bytes, list[int]] = defaultdict(list)
    for key, seq in first_copies.values():
        by_key[key].append(seq)
    for tender in TENDERS:
        expected = [ping.payload.seq for ping in sent if ping.payload.tender_id == tender]
        assert by_key[tender.encode()] == expected, f"{tender}'s pongs in the order of its pings"


async def test_killed_after_handling_before_offset_commit_redelivery_is_a_no_op(worker: Worker) -> None:
    sent = pings(worker.run)
    await produce(worker.bootstrap, sent)

    worker.start(crash_at="transaction.after_commit:7")
    assert worker.wait_killed() == -signal.SIGKILL
    assert len(worker.received()) == 7, "seven handled and committed to the database before the kill"

    worker.start()
    pongs = await read_topic(worker.bootstrap, f"crashtest.pong-{worker.run}.v1", expect=PINGS)

    # The relay runs beside the handler: the kill may catch it between a publish and its mark.
    assert_each_once_in_order_per_key(pongs, sent, repeats_allowed=1)
    assert sorted(seq for _, seq in worker.received()) == list(range(PINGS))
    redelivered = worker.log_events("redelivery_ignored")
    assert redelivered, "the killed worker's last message came again and the inbox turned it away"
    assert {entry["ping_event_id"] for entry in redelivered} <= {str(p.event_id) for p in sent}


async def test_killed_between_commit_and_outbox_publish_relay_publishes_after_restart(worker: Worker) -> None:
    sent = pings(worker.run)
    await produce(worker.bootstrap, sent)

    worker.start(crash_at="outbox.before_publish:12")
    assert worker.wait_killed() == -signal.SIGKILL
    before = await read_topic(worker.bootstrap, f"crashtest.pong-{worker.run}.v1", expect=11, linger=1.0)
    assert len(before) == 11, "eleven pongs published before the kill, the twelfth waits in the outbox"

    worker.start()
    pongs = await read_topic(worker.bootstrap, f"crashtest.pong-{worker.run}.v1", expect=PINGS)

    assert_each_once_in_order_per_key(pongs, sent)
    with sqlite3.connect(worker.database) as db:
        unpublished = db.execute("SELECT count(*) FROM outbox WHERE published_at IS NULL").fetchone()[0]
    assert unpublished == 0


async def test_consumer_sees_every_event_once_without_crashes(worker: Worker) -> None:
    sent = pings(worker.run)
    worker.start()
    await produce(worker.bootstrap, sent)
    pongs = await read_topic(worker.bootstrap, f"crashtest.pong-{worker.run}.v1", expect=PINGS)
    assert_each_once_in_order_per_key(pongs, sent)
    assert worker.log_events("redelivery_ignored") == []
