"""The deadline clock as the service runs it (the app's lifespan, the real broker, SQLite and PostgreSQL): a
restarted service closes at once the tenders whose deadline passed while it was down, and of two replicas on one
database only the lock holder closes tenders; the other takes over when it stops."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlmodel import col, select

from services.procurement.main import create_app
from services.procurement.settings import Settings
from shared import events
from shared.clock import ManualClock
from shared.outbox import OutboxMessage
from shared.single_instance import SingleInstanceJob
from tests.support.kafka import eventually, random_letters
from tests.support.samples import NOW
from tests.support.tenders import OFFICER, as_bidder, create_published_tender, register


def settings_for(bootstrap: str, database_url: str, tmp_path: Path, namespace: str) -> Settings:
    return Settings(
        kafka_bootstrap_servers=bootstrap,
        kafka_namespace=namespace,
        database_url=database_url,
        vault_master_key_file=tmp_path / "vault.key",
        deadline_poll_seconds=0.05,
        log_json=False,
    )


@asynccontextmanager
async def running(settings: Settings, clock: ManualClock) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """One replica: the app with its lifespan, so its jobs (the deadline clock among them) run as in production."""
    app = create_app(settings, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://procurement.test") as http:
            yield app, http


def deadline_clock(app: FastAPI) -> SingleInstanceJob:
    job: SingleInstanceJob = app.state.jobs["deadline-clock"]
    return job


async def status(http: httpx.AsyncClient, tender_id: str) -> str:
    return str((await http.get(f"/tenders/{tender_id}", headers=OFFICER)).json()["status"])


async def closings(app: FastAPI) -> list[str]:
    """The tenders the service has told were closed, one entry per TenderClosed in its outbox."""
    async with app.state.runtime.sessions() as session:
        rows = (
            await session.exec(select(OutboxMessage).where(col(OutboxMessage.topic).endswith("tender-closed.v1")))
        ).all()
    return [events.TenderClosed.model_validate_json(row.body).payload.tender_id for row in rows]


async def test_a_restarted_service_closes_what_fell_due_while_it_was_down(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    clock = ManualClock(NOW)
    settings = settings_for(kafka_bootstrap, database_url, tmp_path, f"clock-{random_letters()}")
    async with running(settings, clock) as (app, http):
        tender_id = await create_published_tender(http, deadline_in=timedelta(hours=1))
        bidder_id = await register(http, "Grøn Service A/S", "13748136")
        bid = await http.post(f"/tenders/{tender_id}/bids", json={"price": "2400000"}, headers=as_bidder(bidder_id))
        assert bid.status_code == 201, bid.text
        await eventually(lambda: deadline_clock(app).holds_lock)
        assert await status(http, tender_id) == "published"

    clock.advance(timedelta(hours=2))  # the deadline passes while no replica runs

    async with running(settings, clock) as (app, http):

        async def closed() -> bool:
            return await status(http, tender_id) == "closed"

        await eventually(closed)
        opened = await http.get(f"/tenders/{tender_id}/bids", headers=OFFICER)
        assert opened.status_code == 200, opened.text
        assert [b["bidder_id"] for b in opened.json()] == [bidder_id]
        assert await closings(app) == [tender_id]


async def test_only_the_lock_holder_closes_and_a_waiting_replica_takes_over(
    kafka_bootstrap: str, database_url: str, tmp_path: Path
) -> None:
    clock = ManualClock(NOW)
    settings = settings_for(kafka_bootstrap, database_url, tmp_path, f"clock-{random_letters()}")
    async with AsyncExitStack() as first_replica:
        first, first_http = await first_replica.enter_async_context(running(settings, clock))
        await eventually(lambda: deadline_clock(first).holds_lock)
        async with running(settings, clock) as (second, second_http):
            early = await create_published_tender(first_http, deadline_in=timedelta(hours=1))
            late = await create_published_tender(second_http, deadline_in=timedelta(hours=3))

            clock.advance(timedelta(hours=2))

            async def early_closed() -> bool:
                return await status(second_http, early) == "closed"

            await eventually(early_closed)
            assert not deadline_clock(second).holds_lock, "the second replica waits while the first holds the lock"

            await first_replica.aclose()  # the first replica stops, and its lock goes with it
            await eventually(lambda: deadline_clock(second).holds_lock)
            clock.advance(timedelta(hours=2))

            async def late_closed() -> bool:
                return await status(second_http, late) == "closed"

            await eventually(late_closed)
            assert sorted(await closings(second)) == sorted([early, late]), "each tender closed once"
