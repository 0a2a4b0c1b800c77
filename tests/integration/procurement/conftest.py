from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.procurement.main import create_app
from services.procurement.settings import Settings
from shared.clock import ManualClock
from tests.support.component import InMemoryService, in_memory
from tests.support.samples import NOW


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each procurement integration test runs on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'procurement.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def procurement(database_url: str, clock: ManualClock, tmp_path: Path) -> AsyncIterator[InMemoryService]:
    """Procurement on that database, built by its own migrations, its clock at NOW, events kept in its outbox."""
    settings = Settings(database_url=database_url, vault_master_key_file=tmp_path / "vault.key", log_json=False)
    async with in_memory(create_app(settings, clock=clock)) as service:
        yield service
