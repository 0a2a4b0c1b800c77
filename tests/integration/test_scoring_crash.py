"""The scoring service killed with SIGKILL while an evaluation request waits: after a restart the answer
arrives, once (a real `procure serve scoring` process, the real broker, SQLite)."""

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from procure.ports import free_port
from shared import events
from shared.kafka import ensure_topics
from shared.settings import KafkaSettings
from tests.support.kafka import eventually, produce, random_letters, read_topic
from tests.support.samples import OFFICER

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLDEN = REPO_ROOT / "tests" / "unit" / "scoring" / "golden"


class ScoringProcess:
    def __init__(self, bootstrap: str, namespace: str, tmp_path: Path) -> None:
        self.port = free_port()
        self.log = tmp_path / "scoring.log"
        self.env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "KAFKA_NAMESPACE": namespace,
            "KAFKA_INSTANCE_ID": "crash-test",
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'scoring.db'}",
            "PORT": str(self.port),
            "OUTBOX_POLL_SECONDS": "0.1",
        }
        self.env.pop("PROCURE_CRASH_AT", None)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, crash_at: str | None = None) -> None:
        env = {**self.env, **({"PROCURE_CRASH_AT": crash_at} if crash_at else {})}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "procure", "serve", "scoring"], env=env, cwd=REPO_ROOT, stdout=log, stderr=log
            )

    async def ready(self) -> bool:
        try:
            async with httpx.AsyncClient() as client:
                return (await client.get(f"http://127.0.0.1:{self.port}/ready")).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)


@pytest.fixture
async def scoring(kafka_bootstrap: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    namespace = f"crash-{random_letters()}"
    await ensure_topics(KafkaSettings(kafka_bootstrap_servers=kafka_bootstrap, kafka_namespace=namespace))
    process = ScoringProcess(kafka_bootstrap, namespace, tmp_path)
    yield process
    process.stop()


def evaluation_request() -> events.EvaluationRequested:
    document = json.loads((GOLDEN / "G1.request.json").read_text())
    return events.EvaluationRequested(
        occurred_at=datetime.now(UTC), correlation_id="crash", actor=OFFICER, payload=document
    )


async def answers_to(scoring: ScoringProcess, request: events.EvaluationRequested) -> list[dict]:  # type: ignore[type-arg]
    topic = f"{scoring.env['KAFKA_NAMESPACE']}.{events.EvaluationCompleted.topic}"
    records = await read_topic(scoring.env["KAFKA_BOOTSTRAP_SERVERS"], topic, expect=1, linger=2.0)
    answers = [json.loads(record.value) for record in records]
    return [a for a in answers if a["payload"]["request_event_id"] == str(request.event_id)]


@pytest.mark.parametrize(
    "crash_at",
    [None, "transaction.after_commit", "outbox.before_publish"],
    ids=[
        "killed-while-the-request-waits",
        "killed-after-storing-before-the-offset-commit",
        "killed-before-publishing-the-answer",
    ],
)
async def test_the_answer_arrives_once_after_a_kill_and_a_restart(
    scoring: ScoringProcess, crash_at: str | None
) -> None:
    request = evaluation_request()
    scoring.start(crash_at=crash_at)
    await eventually(scoring.ready, timeout=60)
    if crash_at is None:
        scoring.kill()  # down, with nothing in flight: the request waits in its topic
    await produce(scoring.env["KAFKA_BOOTSTRAP_SERVERS"], [request], namespace=scoring.env["KAFKA_NAMESPACE"])
    if crash_at is not None:
        assert scoring.process is not None
        assert scoring.process.wait(60) == -signal.SIGKILL, "died at the crash point"

    scoring.start()
    answers = await answers_to(scoring, request)

    assert len(answers) == 1, "the answer arrives, once"
    assert answers[0]["payload"]["result"]["ranking"][0]["total"] == "7.7500"
