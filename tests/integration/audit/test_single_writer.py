"""One writer: two replicas of the audit service on one SQLite database and one broker; only the one holding the
writer lock consumes and appends, the other serves reads, and takes over when the writer stops."""

import json
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
from typer.testing import CliRunner

from procure.cli import app as cli
from shared import events
from shared.events import Event
from tests.integration.audit.kafka_support import entries, running, settings_for
from tests.support.kafka import eventually, produce, random_letters
from tests.support.samples import sample_event


async def appended(http: httpx.AsyncClient, expected: list[Event]) -> None:
    async def all_there() -> bool:
        return len(await entries(http)) >= len(expected)

    await eventually(all_there, timeout=60)


async def test_only_the_lock_holder_appends_and_a_waiting_replica_takes_over(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    namespace = f"audit-{random_letters()}"
    database = tmp_path / "audit.db"
    early = [sample_event(events.BidReceived, f"T-{n}") for n in range(5)]
    late = [sample_event(events.BidReceived, f"T-{n}") for n in range(5, 10)]

    async with AsyncExitStack() as first_replica:
        first, first_http = await first_replica.enter_async_context(
            running(settings_for(kafka_bootstrap, namespace, database))
        )
        await eventually(lambda: first.state.writer.is_writer)
        async with running(settings_for(kafka_bootstrap, namespace, database)) as (second, second_http):
            await produce(kafka_bootstrap, early, namespace=namespace)
            await appended(first_http, early)
            status = (await second_http.get("/status")).json()
            assert (status["writer"], status["chain_length"]) == (False, 5), "the waiting replica serves reads"
            assert not second.state.writer.is_writer

            await first_replica.aclose()  # the writer stops, its lock with it
            await eventually(lambda: second.state.writer.is_writer, timeout=30)
            await produce(kafka_bootstrap, late, namespace=namespace)
            await appended(second_http, early + late)
            captured = await entries(second_http)

    assert sorted(e["event_id"] for e in captured) == sorted(str(e.event_id) for e in early + late)
    url = f"sqlite+aiosqlite:///{database}"
    result = CliRunner().invoke(cli, ["audit", "verify", "--database-url", url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["entries"] == 10, "each event once, in one unbroken chain"
