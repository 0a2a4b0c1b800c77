"""The whole suite on one machine: the local Kafka broker, a mail sink, and each service as its own process."""

import importlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from procure.kafka_commands import local_broker
from procure.local_kafka import REPO_ROOT
from shared.settings import ServiceSettings

SERVICES = ("procurement", "scoring", "notifications", "audit")
PORTAL = "portal"  # the web pages: a client of the services' HTTP APIs, no database, no broker


def service_settings(name: str) -> ServiceSettings:
    settings: ServiceSettings = importlib.import_module(f"services.{name}.settings").Settings()
    return settings


def serve(name: str) -> None:
    """Run one service in this process until it is stopped (SIGINT or SIGTERM)."""
    if name not in (*SERVICES, PORTAL):
        raise ValueError(f"unknown service {name!r}; the services are {', '.join((*SERVICES, PORTAL))}")
    import uvicorn

    from shared.serving import server_config

    settings = service_settings(name)
    app = importlib.import_module(f"services.{name}.main").create_app(settings)
    uvicorn.Server(server_config(app, settings.host, settings.port, access_log=False)).run()


@dataclass
class RunningService:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log_file: Path


class SuiteError(RuntimeError):
    """A part of the suite did not come up; the message says which and shows its log."""


@dataclass
class Suite:
    """What `procure up` and `procure demo` start, and stop again in reverse."""

    run_dir: Path = REPO_ROOT / ".run"
    environment: dict[str, str] = field(default_factory=dict)
    services: list[RunningService] = field(default_factory=list)
    started_kafka: bool = False

    def start(self, *, timeout: float = 90.0) -> None:
        broker = local_broker()
        self.started_kafka = broker.start()
        (self.run_dir / "logs").mkdir(parents=True, exist_ok=True)
        for name in (*SERVICES, PORTAL):
            self.services.append(self._spawn(name))
        for service in self.services:
            self._wait_ready(service, timeout)

    def stop(self) -> None:
        for service in reversed(self.services):
            if service.process.poll() is None:
                service.process.send_signal(signal.SIGTERM)
        for service in self.services:
            try:
                service.process.wait(20)
            except subprocess.TimeoutExpired:
                service.process.kill()
        self.services.clear()
        if self.started_kafka:
            local_broker().stop()
            self.started_kafka = False

    def url(self, name: str) -> str:
        return next(service.url for service in self.services if service.name == name)

    def _spawn(self, name: str) -> RunningService:
        settings = service_settings(name)
        log_file = self.run_dir / "logs" / f"{name}.log"
        with log_file.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "procure", "serve", name],
                env={**os.environ, **self.environment},
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=REPO_ROOT,
            )
        return RunningService(name, f"http://{settings.host}:{settings.port}", process, log_file)

    def _wait_ready(self, service: RunningService, timeout: float) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if service.process.poll() is not None:
                raise SuiteError(f"{service.name} exited with code {service.process.returncode}:\n{_tail(service)}")
            try:
                if httpx.get(f"{service.url}/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise SuiteError(f"{service.name} was not ready within {timeout:.0f} s:\n{_tail(service)}")


def _tail(service: RunningService, lines: int = 30) -> str:
    return "\n".join(service.log_file.read_text(errors="replace").splitlines()[-lines:])
