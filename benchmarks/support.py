"""What the benchmarks share: a broker, a service as its own process, a development token, polling."""

import asyncio
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from procure.local_kafka import REPO_ROOT, LocalKafka, answers
from procure.ports import free_port
from procure.token_command import development_issuer


def machine() -> str:
    return (
        f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs"
    )


def command_line() -> str:
    """How this benchmark was run, for the figures' record."""
    return " ".join([".venv/bin/python -m benchmarks." + Path(sys.argv[0]).stem, *sys.argv[1:]])


def bearer(role: str, subject: str, bidder_id: str | None = None) -> dict[str, str]:
    """A token from the local development issuer, which the services started here trust (its default JWKS)."""
    return {"Authorization": f"Bearer {development_issuer().mint(subject, role, bidder_id=bidder_id)}"}


@contextmanager
def a_broker() -> Iterator[str]:
    """The broker KAFKA_BOOTSTRAP_SERVERS names if one answers there, else one started for this run."""
    named = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    if asyncio.run(answers(named, within=5.0)):
        yield named
        return
    with tempfile.TemporaryDirectory(prefix="bench-kafka-") as folder:
        broker = LocalKafka(run_dir=Path(folder), port=free_port(), controller_port=free_port())
        print(f"no broker answers at {named}: starting one at {broker.bootstrap_servers} …", flush=True)
        broker.start(timeout=120)
        try:
            yield broker.bootstrap_servers
        finally:
            broker.stop()


@contextmanager
def service_process(name: str, environment: dict[str, str], folder: Path) -> Iterator[str]:
    """`procure serve <name>` as its own process on a free port (logs in `folder`); yields its base URL."""
    port = free_port()
    issuer = development_issuer()  # the tokens `bearer` mints, whatever AUTH_* the caller's environment holds
    trust = {"AUTH_JWKS_FILE": str(issuer.jwks_file), "AUTH_ISSUER": issuer.issuer, "AUTH_AUDIENCE": issuer.audience}
    variables = {**os.environ, "PORT": str(port), "LOG_LEVEL": "WARNING", **trust, **environment}
    variables.pop("AUTH_JWKS_URL", None)
    variables.pop("PROCURE_CRASH_AT", None)
    with (folder / f"{name}.log").open("wb") as log:
        service = subprocess.Popen(
            [sys.executable, "-m", "procure", "serve", name], env=variables, cwd=REPO_ROOT, stdout=log, stderr=log
        )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        service.send_signal(signal.SIGTERM)
        service.wait(30)


async def until(
    check: Callable[[], Awaitable[bool]], what: str, timeout: float = 120.0, interval: float = 0.05
) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        await asyncio.sleep(interval)


async def until_ready(http: "httpx.AsyncClient") -> None:
    """Wait until the service behind `http` answers its readiness check (it is still starting before that)."""

    async def ready() -> bool:
        try:
            return (await http.get("/ready")).status_code == 200
        except httpx.HTTPError:
            return False

    await until(ready, "the service to be ready")
