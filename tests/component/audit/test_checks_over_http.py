"""The auditor's checks over HTTP: the chain verified against the service's own signing key, and a payload
altered in the database behind the service's back named by its seq."""

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from faststream._internal.testing.broker import patch_broker_calls

from services.audit.main import create_app
from services.audit.settings import Settings
from shared import events
from shared.clock import ManualClock
from tests.support.component import InMemoryService, in_memory
from tests.support.identities import bearer
from tests.support.samples import sample_event


@pytest.fixture
async def audit(tmp_path: Path) -> AsyncIterator[InMemoryService]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}",
        log_json=False,
        audit_checkpoint_every_entries=2,
    )
    app = create_app(settings, clock=ManualClock(datetime(2026, 11, 26, 13, 0, tzinfo=UTC)))
    async with in_memory(app) as service:
        assert await app.state.writer.take_over(consume=False)
        patch_broker_calls(app.state.runtime.bus.broker)
        service.http.headers.update(bearer("auditor", "revisor@kolding.dk"))
        for tender in ("T-1", "T-2", "T-1", "T-3"):
            await service.deliver(sample_event(events.BidReceived, tender))
        yield service
        await app.state.writer.step_down()


async def test_the_untouched_chain_verifies_with_its_checkpoints(audit: InMemoryService) -> None:
    report = (await audit.http.get("/verification")).json()
    assert (report["intact"], report["entries"], report["first_problem"]) == (True, 4, None)
    assert report["checkpoints"]["signed_by_pinned_key"] == 2, "both checkpoints signed by the service's key"


async def test_an_altered_payload_is_named_by_its_seq(audit: InMemoryService, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "audit.db") as db:
        db.execute("UPDATE audit_entry SET payload = replace(payload, 'T-1', 'T-9') WHERE seq = 3")
    report = (await audit.http.get("/verification")).json()
    assert report["intact"] is False
    assert report["first_problem"]["seq"] == 3


async def test_only_auditors_run_the_checks(audit: InMemoryService) -> None:
    officer = bearer("officer", "anne.officer@kolding.dk")
    assert (await audit.http.get("/verification", headers=officer)).status_code == 403
    assert (await audit.http.get("/tenders/T-1/recomputation", headers=officer)).status_code == 403


async def test_a_tender_the_log_does_not_name_is_a_404(audit: InMemoryService) -> None:
    assert (await audit.http.get("/tenders/T-404/recomputation")).status_code == 404
