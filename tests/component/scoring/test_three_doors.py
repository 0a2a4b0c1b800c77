"""The engine's three doors — `procure evaluate`, `POST /evaluations/preview` and the Kafka handler — give the
same result for the same request, and name the same problems for a bad one."""

import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from services.scoring.main import create_app
from services.scoring.settings import Settings
from shared import events
from tests.support.component import InMemoryService, in_memory
from tests.support.samples import NOW, OFFICER

GOLDEN = Path(__file__).resolve().parents[2] / "unit" / "scoring" / "golden"
REPO_ROOT = Path(__file__).resolve().parents[3]
FOUR_PROBLEMS = {
    "bids[1].bidder.cvr",  # an invalid CVR
    "criteria",  # weights summing to 0.95
    "bids[2].points.quality",  # points above the scale
    "bids[0].social_commitments[0].proxy",  # an unknown proxy code
}


@pytest.fixture
async def scoring(tmp_path: Path) -> AsyncIterator[InMemoryService]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'scoring.db'}", log_json=False)
    async with in_memory(create_app(settings)) as service:
        yield service


def cli(path: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "procure", "evaluate", str(path), "--json"]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, check=False)


async def kafka_door(scoring: InMemoryService, document: dict[str, Any]) -> events.Event:
    request = events.EvaluationRequested(occurred_at=NOW, correlation_id="doors", actor=OFFICER, payload=document)
    await scoring.deliver(request)
    answers = await scoring.told()
    return next(a for a in answers if a.payload.request_event_id == str(request.event_id))


def bad_request(tmp_path: Path) -> Path:
    document = json.loads((GOLDEN / "G1.request.json").read_text())
    document["bids"][1]["bidder"]["cvr"] = "12345678"
    document["criteria"][0]["weight"] = "0.35"
    document["bids"][2]["points"]["quality"] = "11"
    document["bids"][0]["social_commitments"][0]["proxy"] = "DK_XYZ"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False))
    return path


@pytest.mark.parametrize("case", ["G1", "G2", "G3", "G9"])
async def test_the_three_doors_give_identical_results(scoring: InMemoryService, case: str) -> None:
    path = GOLDEN / f"{case}.request.json"
    from_cli = json.loads(cli(path).stdout)
    from_http = (await scoring.http.post("/evaluations/preview", content=path.read_bytes())).json()
    answer = await kafka_door(scoring, json.loads(path.read_text()))
    assert isinstance(answer, events.EvaluationCompleted)
    assert from_cli == from_http == answer.payload.result
    assert from_cli["input_sha256"] == json.loads((GOLDEN / f"{case}.expected.json").read_text())["input_sha256"]


async def test_the_three_doors_name_all_four_problems(scoring: InMemoryService, tmp_path: Path) -> None:
    path = bad_request(tmp_path)

    refused = cli(path)
    assert refused.returncode == 2
    cli_paths = {line.split(": ", 1)[0] for line in refused.stderr.strip().splitlines()}

    response = await scoring.http.post("/evaluations/preview", content=path.read_bytes())
    assert response.status_code == 422
    http_paths = {problem["path"] for problem in response.json()["problems"]}

    answer = await kafka_door(scoring, json.loads(path.read_text()))
    assert isinstance(answer, events.EvaluationRejected)
    kafka_paths = {problem.path for problem in answer.payload.problems}

    assert cli_paths == http_paths == kafka_paths == FOUR_PROBLEMS
