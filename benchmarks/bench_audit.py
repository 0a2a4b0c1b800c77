"""Benchmark of the audit log: appends straight into the store, appends through Kafka, and `verify` over 1,000,000
entries.

Run from the repository root:  .venv/bin/python -m benchmarks.bench_audit
The Kafka part uses the broker KAFKA_BOOTSTRAP_SERVERS names (default 127.0.0.1:9092; `procure kafka start` starts
one) and is skipped, saying so, when none answers. `--entries N` changes the size of the verified log.
"""

import argparse
import asyncio
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import create_engine

from procure.local_kafka import answers
from services.audit.domain import EMPTY_CHAIN, CapturedEvent, ChainTip, canonical_json, capture, next_entry
from services.audit.domain.checkpoints import sign_checkpoint
from services.audit.main import create_app
from services.audit.settings import Settings
from services.audit.store import AuditLog, AuditTable
from shared import events
from shared.events import Actor
from shared.kafka import ensure_topics
from shared.settings import KafkaSettings

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
OFFICER = Actor(kind="user", id="anne.officer@kolding.dk", role="officer")
TARGETS = {"store append": 5_000, "verify": 200_000}


def receipts(count: int) -> Iterator[events.BidReceived]:
    """Bid receipts: a common event of ordinary size (about 600 bytes as JSON)."""
    for n in range(count):
        yield events.BidReceived(
            occurred_at=START + timedelta(milliseconds=n),
            correlation_id=f"tender-T-{n % 97}",
            actor=OFFICER,
            payload={
                "tender_id": f"T-{n % 97}",
                "lot_id": "1",
                "bid_id": f"bid-{n}",
                "bidder_id": f"bidder-{n % 1000}",
                "received_at": START + timedelta(milliseconds=n),
                "commitment_sha256": f"{n:064x}",
            },
        )


# --- store --------------------------------------------------------------------------------------------------


async def store_append(folder: Path, count: int, batch: int) -> float:
    """Entries per second appended by the writer (tip, checkpoints and all), `batch` events a transaction, into a
    SQLite file in WAL mode with a full sync at each commit: what the Kafka handler does per message, without
    Kafka."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{folder / f'store-{batch}.db'}", log_level="WARNING")
    app = create_app(settings)
    runtime, writer = app.state.runtime, app.state.writer
    await runtime.prepare()
    assert await writer.take_over(consume=False)
    captured = [capture(event, event.model_dump_json()) for event in receipts(count)]
    began = time.perf_counter()
    for first in range(0, count, batch):
        await writer.append_all(captured[first : first + batch])
    elapsed = time.perf_counter() - began
    await writer.step_down()
    await runtime.engine.dispose()
    return count / elapsed


# --- Kafka --------------------------------------------------------------------------------------------------


async def through_kafka(folder: Path, bootstrap: str, count: int) -> dict[str, float]:
    """Events produced first, then the audit service started: entries per second from its first append to its
    last (the steady rate), and from the writer's start (consumer group join included)."""
    namespace = f"bench-{os.getpid()}-{int(time.time())}"
    settings = Settings(
        kafka_bootstrap_servers=bootstrap,
        kafka_namespace=namespace,
        database_url=f"sqlite+aiosqlite:///{folder / 'kafka.db'}",
        log_json=True,
        log_level="WARNING",
        audit_writer_poll_seconds=0.05,
    )
    await ensure_topics(settings)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, linger_ms=5)
    await producer.start()
    try:
        sent = [
            await producer.send(settings.namespaced(e.topic), e.model_dump_json().encode(), key=e.key.encode())
            for e in receipts(count)
        ]
        await asyncio.gather(*sent)
    finally:
        await producer.stop()
    app = create_app(settings)
    sessions = app.state.runtime.sessions
    audit_log: AuditLog = app.state.audit_log
    began = time.perf_counter()
    first_append: float | None = None
    async with app.router.lifespan_context(app):
        while True:
            async with sessions() as session:
                appended = (await audit_log.tip(session)).seq
            if appended and first_append is None:
                first_append = time.perf_counter()
            if appended >= count:
                break
            await asyncio.sleep(0.05)
    done = time.perf_counter()
    return {"steady": count / (done - (first_append or began)), "with start-up": count / (done - began)}


# --- verify -------------------------------------------------------------------------------------------------


def generate_log(path: Path, count: int, key: Ed25519PrivateKey, every: int = 1000) -> None:
    """A log of `count` bid receipts written straight into a SQLite file as the service would have written it
    (the service's own entry and hash code, SQLAlchemy's storage formats), with a signed checkpoint every
    `every` entries. The events are built as text from one template: pydantic would take minutes here."""
    engine = create_engine(f"sqlite:///{path}")
    AuditTable.metadata.create_all(engine)
    engine.dispose()
    template = json.loads(next(receipts(1)).model_dump_json())
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    tip, rows, checkpoints = EMPTY_CHAIN, [], []
    actor = OFFICER.model_dump(mode="json")
    for n in range(count):
        moment = START + timedelta(milliseconds=n)
        document = {**template, "event_id": str(uuid.UUID(int=n)), "occurred_at": moment.isoformat()}
        document["payload"] = {**template["payload"], "tender_id": f"T-{n % 97}", "bid_id": f"bid-{n}"}
        captured = CapturedEvent(
            document["event_id"], "procurement.bid-received", events.BidReceived.topic, f"T-{n % 97}", actor, moment,
            canonical_json(document).decode(),
        )  # fmt: skip
        entry = next_entry(tip, captured, recorded_at=moment)
        header = entry.header
        rows.append(
            (
                header.seq,
                header.event_id,
                header.event_type,
                entry.topic,
                header.tender_id,
                json.dumps(header.actor),  # as SQLAlchemy's JSON type writes it
                _sqlite_time(header.occurred_at),
                _sqlite_time(header.recorded_at),
                entry.payload,
                header.payload_sha256,
                entry.entry_hash,
            )
        )
        tip = ChainTip(header.seq, entry.entry_hash)
        if tip.seq % every == 0:
            cp = sign_checkpoint(key, seq=tip.seq, entry_hash=tip.entry_hash, count=tip.seq, time=moment)
            checkpoints.append(tuple(cp.document().values()))
        if len(rows) == 20_000:
            _insert(db, rows)
            rows = []
    _insert(db, rows)
    db.executemany("INSERT INTO audit_checkpoint VALUES (?, ?, ?, ?, ?, ?)", checkpoints)
    db.commit()
    db.close()


def _insert(db: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    columns = "seq, event_id, event_type, topic, tender_id, actor, occurred_at, recorded_at, payload, payload_sha256, "
    db.executemany(f"INSERT INTO audit_entry ({columns}entry_hash) VALUES ({', '.join('?' * 11)})", rows)


def _sqlite_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def verify_throughput(path: Path, key: Ed25519PrivateKey, runs: int = 3) -> tuple[float, int]:
    """`procure audit verify` as an auditor runs it, in a process of its own (start-up included); best of `runs`."""
    public = path.with_suffix(".pub.pem")
    public.write_bytes(key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    command = [sys.executable, "-m", "procure", "audit", "verify", "--json"]
    command += ["--database-url", f"sqlite:///{path}", "--public-key", str(public)]
    best, entries = float("inf"), 0
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        best = min(best, time.perf_counter() - began)
        if done.returncode != 0:
            raise RuntimeError(f"verify failed: {done.stdout}{done.stderr}")
        report = json.loads(done.stdout)
        entries = report["entries"]
    return entries / best, entries


# --- report -------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000, help="entries in the verified log")
    parser.add_argument("--kafka-events", type=int, default=5_000)
    arguments = parser.parse_args()
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, load average {load}")
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        folder = Path(tmp)
        lines = [("what", "entries", "entries/s", "target")]
        for batch, count in ((1, 3_000), (100, 50_000), (1_000, 100_000)):
            rate = asyncio.run(store_append(folder, count, batch))
            lines.append((f"store append, {batch} a transaction", f"{count:,}", f"{rate:,.0f}", _target(batch)))
        bootstrap = KafkaSettings().kafka_bootstrap_servers
        if asyncio.run(answers(bootstrap, within=5.0)):
            rates = asyncio.run(through_kafka(folder, bootstrap, arguments.kafka_events))
            for name, rate in rates.items():
                lines.append((f"append through Kafka ({name})", f"{arguments.kafka_events:,}", f"{rate:,.0f}", ""))
        else:
            lines.append(("append through Kafka", "-", f"skipped: no broker at {bootstrap}", ""))
        key = Ed25519PrivateKey.generate()
        log = folder / "verify.db"
        began = time.perf_counter()
        generate_log(log, arguments.entries, key)
        generated = time.perf_counter() - began
        rate, checked = verify_throughput(log, key)
        target = f"≥ {TARGETS['verify']:,}"
        lines.append(
            (f"procure audit verify (SQLite, {checked // 1000:,} checkpoints)", f"{checked:,}", f"{rate:,.0f}", target)
        )
        lines.append(("  (generating that log)", f"{arguments.entries:,}", f"{arguments.entries / generated:,.0f}", ""))
    width = [max(len(str(line[i])) for line in lines) for i in range(4)]
    for line in lines:
        print(
            "  ".join(str(cell).ljust(width[i]) if i == 0 else str(cell).rjust(width[i]) for i, cell in enumerate(line))
        )
    sys.stdout.flush()


def _target(batch: int) -> str:
    return f"≥ {TARGETS['store append']:,}" if batch > 1 else ""


if __name__ == "__main__":
    main()
