"""The notifications service with its real ways out: a real SMTP server (aiosmtpd) and a real HTTP webhook
receiver, both on free ports. Events go in through the in-memory broker (the broker is not what these tests
integrate with; `test_crash_recovery` runs the service on the real one); the clock is moved past backoff
times instead of sleeping. Webhook host names resolve through a resolver the test gives, so that a name can
point at the metadata address or a private network without touching the machine's DNS."""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from ipaddress import ip_address
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from services.notifications.dispatch import Dispatcher
from services.notifications.domain.webhooks import IPAddress
from services.notifications.main import create_app
from services.notifications.settings import Settings
from services.notifications.store import Notification
from shared import events
from shared.clock import ManualClock
from tests.integration.notifications.smtp_server import RecordingSmtpServer, running_smtp_server
from tests.integration.notifications.webhook_receiver import RecordingWebhookReceiver, running_webhook_receiver
from tests.support.component import InMemoryService, in_memory
from tests.support.notification_scenario import AS_OFFICER, NOW

DOMAIN = "notifications.kolding.local"
MAX_ATTEMPTS = 3


@dataclass
class Notifications:
    service: InMemoryService
    dispatcher: Dispatcher
    clock: ManualClock
    settings: Settings

    async def deliver(self, *delivered: events.Event) -> None:
        for event in delivered:
            await self.service.deliver(event)

    async def dispatch(self) -> None:
        await self.dispatcher.run_once()

    async def dispatch_after_backoff(self) -> None:
        self.clock.advance(timedelta(seconds=self.settings.backoff_max_seconds))
        await self.dispatch()

    async def notification(self, notification_id: str) -> Notification:
        async with self.service.runtime.sessions() as session:
            stored = await session.get(Notification, notification_id)
        assert stored is not None
        return stored

    email = notification

    async def on_channel(self, channel: str) -> list[Notification]:
        async with self.service.runtime.sessions() as session:
            query = select(Notification).where(col(Notification.channel) == channel)
            return list((await session.exec(query)).all())

    async def told(self, event_type: type[events.Event]) -> list[Any]:
        return await self.service.told(event_type)

    async def status(self, tender_id: str) -> dict[str, Any]:
        response = await self.service.http.get(f"/tenders/{tender_id}/notifications", headers=AS_OFFICER)
        assert response.status_code == 200, response.text
        return response.json()


class Resolver:
    """A test's DNS: the names it was given, and nothing else (a name it does not know is an error)."""

    def __init__(self, names: dict[str, list[str]]) -> None:
        self.names = names
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[IPAddress]:
        self.asked.append(host)
        if host not in self.names:
            raise OSError(f"[test resolver] unknown host {host}")
        return [ip_address(address) for address in self.names[host]]


@pytest.fixture
def smtp() -> Iterator[RecordingSmtpServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def receiver() -> Iterator[RecordingWebhookReceiver]:
    with running_webhook_receiver() as server:
        yield server


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@asynccontextmanager
async def notifications_service(
    database: Path,
    smtp: RecordingSmtpServer,
    clock: ManualClock,
    resolver: Resolver | None = None,
    **settings_overrides: Any,
) -> AsyncIterator[Notifications]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{database}",
        smtp_port=smtp.port,
        max_attempts=MAX_ATTEMPTS,
        backoff_base_seconds=60,
        backoff_max_seconds=600,
        log_json=False,
        **settings_overrides,
    )
    app = create_app(settings, clock=clock, resolver=resolver)
    async with in_memory(app) as service:
        yield Notifications(service, app.state.dispatcher, clock, settings)


@pytest.fixture
async def notifications(tmp_path: Path, smtp: RecordingSmtpServer, clock: ManualClock) -> AsyncIterator[Notifications]:
    async with notifications_service(tmp_path / "notifications.db", smtp, clock) as service:
        yield service
