"""The scoring service's table: every evaluation it answered, keyed by the request event, with what it said."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.database import UtcDateTime, service_registry


class ScoringTable(SQLModel, registry=service_registry()):
    """The scoring service's own tables."""


class Evaluation(ScoringTable, table=True):
    request_event_id: str = Field(primary_key=True)
    tender_id: str = Field(index=True)
    lot_id: str
    outcome: str  # "completed" or "rejected"
    input_sha256: str | None = None
    engine_version: str | None = None
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    problems: list[dict[str, str]] | None = Field(default=None, sa_column=Column(JSON))
    evaluated_at: datetime = Field(sa_type=UtcDateTime)


class EvaluationStore:
    async def add(self, session: AsyncSession, evaluation: Evaluation) -> None:
        session.add(evaluation)

    async def get(self, session: AsyncSession, request_event_id: str) -> Evaluation | None:
        return await session.get(Evaluation, request_event_id)
