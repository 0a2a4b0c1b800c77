"""Test tiers from folder names, and the one real Kafka broker shared by the whole run."""

import asyncio
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from procure.local_kafka import LocalKafka, answers

TIERS = ("unit", "component", "integration", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tier = next((part for part in Path(item.fspath).parts if part in TIERS), None)
        if tier:
            item.add_marker(getattr(pytest.mark, tier))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
