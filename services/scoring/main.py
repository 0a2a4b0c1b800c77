"""Wires the scoring service together: create_app(settings)."""

from pathlib import Path

from fastapi import FastAPI

from services.scoring import api, handlers
from services.scoring.settings import Settings
from services.scoring.store import EvaluationStore, ScoringTable
from shared.clock import Clock
from shared.runtime import ServiceRuntime

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    runtime = ServiceRuntime(
        settings or Settings(), name="scoring", metadata=[ScoringTable.metadata], migrations=MIGRATIONS, clock=clock
    )
    handlers.register(runtime, EvaluationStore())
    return runtime.create_app(
        title="Scoring",
        description="The published, re-computable evaluation engine (evaluation-request/1 → evaluation-result/1).",
        routers=[api.router],
    )
