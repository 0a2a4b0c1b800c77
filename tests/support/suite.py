"""The four services in this process, on real HTTP ports, a real Kafka broker and a real SMTP server, sharing
one manual clock; each suite gets its own Kafka namespace, so suites on one broker never meet."""

import asyncio
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from procure.mail_sink import MailSink
from procure.ports import free_port
from procure.suite import SERVICES
from shared.clock import ManualClock
from tests.support.kafka import random_letters
from tests.support.servers import start, until_started


@dataclass
class SuiteInProcess:
    urls: dict[str, str]
    clients: dict[str, httpx.AsyncClient]
    clock: ManualClock
    mail: MailSink
    namespace: str
    apps: dict[str, Any]
    bootstrap: str

    def __getitem__(self, service: str) -> httpx.AsyncClient:
        return self.clients[service]


def settings_for(
    name: str, *, bootstrap: str, namespace: str, data: Path, smtp_port: int, urls: dict[str, str] | None = None
) -> Any:
    common: dict[str, Any] = {
        "kafka_bootstrap_servers": bootstrap,
        "kafka_namespace": namespace,
        "kafka_instance_id": "e2e",
        "port": free_port(),
        "database_url": f"sqlite+aiosqlite:///{data / f'{name}.db'}",
        "log_json": False,
        "outbox_poll_seconds": 0.1,
        "handler_backoff_seconds": 0.05,
    }
    extra = {
        "procurement": {"deadline_poll_seconds": 0.05, "vault_master_key_file": data / "vault.key"},
        "notifications": {"smtp_port": smtp_port, "dispatch_poll_seconds": 0.05},
        # audit re-computes through scoring's preview endpoint: scoring starts before it
        "audit": {"scoring_url": (urls or {}).get("scoring", "http://127.0.0.1:8002")},
    }.get(name, {})
    settings_class = importlib.import_module(f"services.{name}.settings").Settings
    return settings_class(**common, **extra)


@asynccontextmanager
async def suite_in_process(bootstrap: str, data: Path, clock: ManualClock) -> AsyncIterator[SuiteInProcess]:
    namespace = f"e2e-{random_letters()}"
    mail = MailSink(free_port()).start()
    servers: list[uvicorn.Server] = []
    tasks: list[asyncio.Task[None]] = []
    urls: dict[str, str] = {}
    apps: dict[str, Any] = {}
    try:
        for name in SERVICES:
            settings = settings_for(
                name, bootstrap=bootstrap, namespace=namespace, data=data, smtp_port=mail.port, urls=urls
            )
            apps[name] = importlib.import_module(f"services.{name}.main").create_app(settings, clock=clock)
            server, task = start(apps[name], settings.port)  # all four start at once, and stop at once
            servers.append(server)
            tasks.append(task)
            urls[name] = f"http://127.0.0.1:{settings.port}"
        for server, task in zip(servers, tasks, strict=True):
            await until_started(server, task)
        clients = {name: httpx.AsyncClient(base_url=url, timeout=20) for name, url in urls.items()}
        yield SuiteInProcess(urls, clients, clock, mail, namespace, apps, bootstrap)
        for client in clients.values():
            await client.aclose()
    finally:
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)
        mail.stop()
