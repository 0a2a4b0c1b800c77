"""The notifications service on the in-memory broker with a real SQLite file and a clock the tests move. No SMTP
server or webhook receiver here: the component tests compose (and plan reminders), they never send."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from services.notifications.dispatch import Dispatcher
from services.notifications.main import create_app
from services.notifications.settings import Settings
from shared import events
from shared.clock import ManualClock
from tests.support.component import InMemoryService, in_memory
from tests.support.notification_scenario import AS_OFFICER, NOW, TENDER_ID, as_bidder


@dataclass
class Notifications:
    service: InMemoryService
    dispatcher: Dispatcher
    clock: ManualClock

    async def deliver(self, *delivered: events.Event) -> None:
        for event in delivered:
            await self.service.deliver(event)

    async def compose(self) -> None:
        """A dispatcher pass without the sending: due reminders planned, what is ready composed."""
        await self.dispatcher.reminders.plan_due()
        await self.dispatcher.composer.compose_ready()

    async def inbox(self, bidder: dict[str, str]) -> list[dict[str, Any]]:
        response = await self.service.http.get(f"/recipients/{bidder['bidder_id']}/inbox", headers=as_bidder(bidder))
        assert response.status_code == 200, response.text
        return response.json()

    async def officer_inbox(self, officer_id: str) -> list[dict[str, Any]]:
        response = await self.service.http.get(f"/recipients/{officer_id}/inbox", headers=AS_OFFICER)
        assert response.status_code == 200, response.text
        return response.json()

    async def status(self, tender_id: str = TENDER_ID) -> dict[str, Any]:
        response = await self.service.http.get(f"/tenders/{tender_id}/notifications", headers=AS_OFFICER)
        assert response.status_code == 200, response.text
        return response.json()

    async def kinds_told(self, bidder: dict[str, str]) -> list[str]:
        """The kinds of message in the bidder's inbox, newest first."""
        return [message["kind"] for message in await self.inbox(bidder)]


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'notifications.db'}", log_json=False, **overrides)


@pytest.fixture
async def notifications(tmp_path: Path) -> AsyncIterator[Notifications]:
    clock = ManualClock(NOW)
    app = create_app(settings_for(tmp_path), clock=clock)
    async with in_memory(app) as service:
        yield Notifications(service, app.state.dispatcher, clock)
