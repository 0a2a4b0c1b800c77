"""Fixtures for the component tests: the procurement service in memory (its clock at NOW), used by procurement's
tests and by the portal's, which sits in front of it."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.procurement.main import create_app
from services.procurement.settings import Settings
from shared.clock import ManualClock
from tests.support.component import InMemoryService, in_memory
from tests.support.samples import NOW


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def procurement(tmp_path: Path, clock: ManualClock) -> AsyncIterator[InMemoryService]:
    """The procurement service on a SQLite file, its clock at NOW, events kept in its outbox."""
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'procurement.db'}",
        vault_master_key_file=tmp_path / "vault.key",
        log_json=False,
    )
    async with in_memory(create_app(settings, clock=clock)) as service:
        yield service
