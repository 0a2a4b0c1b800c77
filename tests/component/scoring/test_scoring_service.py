"""The scoring service on its own: the preview endpoint and the evaluation handler (in-memory broker, SQLite)."""

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.scoring.main import create_app
from services.scoring.settings import Settings
from shared import events
from tests.support.component import InMemoryService, in_memory
from tests.support.identities import bearer
from tests.support.samples import NOW, OFFICER

OFFICER_TOKEN = bearer("officer", "anne.officer@kolding.dk")
GOLDEN = Path(__file__).resolve().parents[2] / "unit" / "scoring" / "golden"


def golden(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((GOLDEN / name).read_text())  # type: ignore[no-any-return]


@pytest.fixture
async def scoring(tmp_path: Path) -> AsyncIterator[InMemoryService]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'scoring.db'}", log_json=False)
    async with in_memory(create_app(settings)) as service:
        yield service


def request_event(document: dict) -> events.EvaluationRequested:  # type: ignore[type-arg]
    return events.EvaluationRequested(occurred_at=NOW, correlation_id="c-1", actor=OFFICER, payload=document)


async def test_preview_reproduces_the_golden_case(scoring: InMemoryService) -> None:
    response = await scoring.http.post("/evaluations/preview", content=(GOLDEN / "G1.request.json").read_bytes())
    assert response.status_code == 200
    result, expected = response.json(), golden("G1.expected.json")
    assert result["ranking"] == expected["ranking"]
    assert result["input_sha256"] == expected["input_sha256"]


async def test_preview_names_every_problem_with_422(scoring: InMemoryService) -> None:
    document = golden("G1.request.json")
    document["bids"][1]["bidder"]["cvr"] = "12345678"
    document["criteria"][0]["weight"] = "0.35"
    response = await scoring.http.post("/evaluations/preview", json=document)
    assert response.status_code == 422
    paths = {problem["path"] for problem in response.json()["problems"]}
    assert {"bids[1].bidder.cvr", "criteria"} <= paths


async def test_preview_adds_sensitivity_only_when_asked(scoring: InMemoryService) -> None:
    body = (GOLDEN / "G1.request.json").read_bytes()
    plain = (await scoring.http.post("/evaluations/preview", content=body)).json()
    asked = (await scoring.http.post("/evaluations/preview?sensitivity=true", content=body)).json()
    assert "sensitivity" not in plain
    assert "sensitivity" in asked


async def test_a_request_event_is_answered_once_and_stored(scoring: InMemoryService) -> None:
    request = request_event(golden("G1.request.json"))
    await scoring.deliver(request)
    await scoring.deliver(request)  # Kafka redelivers

    [completed] = await scoring.told()
    assert isinstance(completed, events.EvaluationCompleted)
    assert completed.payload.request_event_id == str(request.event_id)
    assert completed.payload.result["ranking"] == golden("G1.expected.json")["ranking"]
    stored = (await scoring.http.get(f"/evaluations/{request.event_id}", headers=OFFICER_TOKEN)).json()
    assert stored["outcome"] == "completed"
    assert stored["result"] == completed.payload.result


async def test_a_bad_request_event_is_answered_with_its_problems(scoring: InMemoryService) -> None:
    document = golden("G1.request.json")
    document["bids"][2]["social_commitments"][0]["proxy"] = "DK_XYZ"
    await scoring.deliver(request_event(document))

    [rejected] = await scoring.told()
    assert isinstance(rejected, events.EvaluationRejected)
    assert [(p.path, p.reason) for p in rejected.payload.problems] == [
        ("bids[2].social_commitments[0].proxy", "unknown code DK_XYZ")
    ]


async def test_an_unanswered_request_is_a_404(scoring: InMemoryService) -> None:
    assert (await scoring.http.get("/evaluations/nope", headers=OFFICER_TOKEN)).status_code == 404
    assert (await scoring.http.get("/evaluations/nope")).status_code == 401, "answers are for officers and auditors"
