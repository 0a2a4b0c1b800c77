"""The auditors' pages, with the audit service in this process behind the portal: the log filtered by tender,
an entry with its payload and hashes, a tender's export; and no one but an auditor gets in."""

import html
import json
import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from faststream._internal.testing.broker import patch_broker_calls

from services.audit.main import create_app as create_audit_app
from services.audit.settings import Settings as AuditSettings
from services.portal.main import create_app
from services.portal.settings import Settings
from shared import events
from shared.clock import ManualClock
from tests.support.component import InMemoryService, in_memory
from tests.support.identities import ISSUER
from tests.support.samples import sample_event


@pytest.fixture
async def audit(tmp_path: Path) -> AsyncIterator[InMemoryService]:
    settings = AuditSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}", log_json=False)
    app = create_audit_app(settings, clock=ManualClock(datetime(2026, 11, 26, 13, 0, tzinfo=UTC)))
    async with in_memory(app) as service:
        assert await app.state.writer.take_over(consume=False)
        patch_broker_calls(app.state.runtime.bus.broker)
        for tender in ("T-1", "T-2", "T-1"):
            await service.deliver(sample_event(events.BidReceived, tender))
        yield service
        await app.state.writer.step_down()


@pytest.fixture
async def portal(audit: InMemoryService) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(auth_jwks_file=ISSUER.jwks_file, dev_issuer_dir=ISSUER.folder, log_json=False)
    app = create_app(settings, transports={"audit": httpx.ASGITransport(app=audit.app)})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal.test") as client:
        yield client


async def sign_in(portal: httpx.AsyncClient, subject: str) -> None:
    assert (await portal.post("/sign-in", data={"subject": subject})).status_code == 303


async def test_an_auditor_filters_the_log_reads_an_entry_and_exports_a_tender(
    portal: httpx.AsyncClient, audit: InMemoryService
) -> None:
    await sign_in(portal, "revisor@kolding.dk")
    everything = await portal.get("/audit")
    assert everything.status_code == 200, everything.text
    assert everything.text.count('href="/audit/entries/') == 3
    filtered = await portal.get("/audit", params={"tender_id": "T-1"})
    assert filtered.text.count('href="/audit/entries/') == 2
    assert 'href="/audit/export/T-1.jsonl"' in filtered.text

    stored = (await audit.http.get("/entries/2", headers={"Authorization": portal_token(portal)})).json()
    entry = await portal.get("/audit/entries/2")
    assert f'id="entry-hash">{stored["entry_hash"]}<' in entry.text
    assert stored["event_id"] in entry.text
    assert "commitment_sha256" in entry.text, "the payload, shown whole"

    exported = await portal.get("/audit/export/T-1.jsonl")
    assert exported.status_code == 200
    records = [json.loads(line) for line in exported.text.splitlines()]
    entries = [r for r in records if r["record"] == "entry"]
    with_payload = [r["tender_id"] for r in entries if r["payload"] is not None]
    assert with_payload == ["T-1", "T-1"], "the tender's payloads; another tender's entry only as a header"
    assert [r["tender_id"] for r in entries] == ["T-1", "T-2", "T-1"], "the chain's range, to verify alone"


def portal_token(portal: httpx.AsyncClient) -> str:
    return f"Bearer {portal.cookies['procure_token']}"


@pytest.mark.parametrize("subject", ["anne.officer@kolding.dk", "mette.evaluator@kolding.dk"])
async def test_only_auditors_reach_the_log(portal: httpx.AsyncClient, subject: str) -> None:
    await sign_in(portal, subject)
    assert (await portal.get("/audit")).status_code == 403
    assert (await portal.get("/audit/entries/1")).status_code == 403
    assert (await portal.get("/audit/export/T-1.jsonl")).status_code == 403


async def test_a_tampered_entry_is_named_in_the_auditors_language(
    portal: httpx.AsyncClient, audit: InMemoryService, tmp_path: Path
) -> None:
    await sign_in(portal, "revisor@kolding.dk")
    assert "Kæden er intakt" in (await portal.get("/audit/verification")).text
    with sqlite3.connect(tmp_path / "audit.db") as database:
        database.execute("UPDATE audit_entry SET payload = replace(payload, 'T-2', 'T-9') WHERE seq = 2")
    page = (await portal.get("/audit/verification")).text
    assert "seq 2: Indhold ændret" in page
    await portal.get("/language/en")
    assert "seq 2: Payload modified" in (await portal.get("/audit/verification")).text


async def test_a_tenders_timeline_tells_each_step_in_words_in_chain_order(portal: httpx.AsyncClient) -> None:
    await sign_in(portal, "revisor@kolding.dk")
    assert 'href="/audit/tenders/T-1"' in (await portal.get("/audit", params={"tender_id": "T-1"})).text
    page = html.unescape((await portal.get("/audit/tenders/T-1")).text)
    steps = re.findall(r'<a href="/audit/entries/(\d+)">([^<]+)</a>', page.split('id="timeline"')[1])
    assert steps == [("1", "Tilbud modtaget"), ("3", "Tilbud modtaget")], "T-1's entries only, in chain order"
    assert (await portal.get("/audit/tenders/T-404")).status_code == 404
