"""Test tiers from folder names, and the one real Kafka broker shared by the whole run."""

import asyncio
import os
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from procure.local_kafka import LocalKafka, answers
from procure.ports import free_port
from tests.support.identities import ISSUER
from tests.support.postgres import temporary_postgres

# Every service built in this run, in this process or as a child process, trusts the test issuer's tokens.
os.environ["AUTH_JWKS_FILE"] = str(ISSUER.jwks_file)

TIERS = ("unit", "component", "integration", "e2e")
_tests_per_tier: Counter[str] = Counter()
_seconds_per_tier: Counter[str] = Counter()


def tier_of(path: str) -> str | None:
    return next((part for part in Path(path).parts if part in TIERS), None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tier = tier_of(str(item.fspath))
        if tier:
            item.add_marker(getattr(pytest.mark, tier))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    tier = tier_of(report.nodeid)
    if tier:
        _seconds_per_tier[tier] += report.duration
        _tests_per_tier[tier] += report.when == "call"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.section("tests per tier")
    for tier in TIERS:
        if _tests_per_tier[tier]:
            terminalreporter.write_line(
                f"{tier:<12} {_tests_per_tier[tier]:>5} tests {_seconds_per_tier[tier]:>8.1f} s"
            )


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Apache Kafka broker: the one KAFKA_BOOTSTRAP_SERVERS names, else one started for this run.

    Never skipped: if no broker can be had, every test that needs one errors with the broker's log.
    """
    named = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if named:
        if not asyncio.run(answers(named, within=10.0)):
            pytest.fail(f"KAFKA_BOOTSTRAP_SERVERS={named} names no broker that answers")
        yield named
        return
    broker = LocalKafka(run_dir=tmp_path_factory.mktemp("kafka"), port=free_port(), controller_port=free_port())
    broker.start(timeout=120)
    try:
        yield broker.bootstrap_servers
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server for the run (or the one TEST_POSTGRES_URL names); never skipped."""
    named = os.environ.get("TEST_POSTGRES_URL")
    if named:
        yield named
        return
    with temporary_postgres(free_port()) as url:
        yield url


@pytest.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """A fresh, empty database on the server for one test."""
    import asyncpg  # only the tests that ask for PostgreSQL need it

    name = f"test_{uuid.uuid4().hex[:12]}"
    plain = postgres_server.replace("postgresql+asyncpg://", "postgresql://")
    admin = await asyncpg.connect(plain)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
