"""The dispatcher: a background loop that plans due deadline reminders, composes what became ready, sends what
is due, and closes finished award dispatches; handlers wake it after each commit, and it also looks by itself
every few seconds."""

import asyncio
import contextlib
import random

import structlog

from services.notifications import domain
from services.notifications.dispatch.awards import AwardDispatches
from services.notifications.dispatch.channels import Channel, EmailChannel, WebhookChannel
from services.notifications.dispatch.composing import Composer
from services.notifications.dispatch.reminders import Reminders
from services.notifications.dispatch.sending import Sender
from services.notifications.mailer import Mailer
from services.notifications.messages import MessageRenderer
from services.notifications.settings import Settings
from services.notifications.store import NotificationStore
from services.notifications.webhook import WebhookPoster
from shared.clock import Clock
from shared.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)


class Dispatcher:
    """Runs the delivery steps in order, one pass at a time, for the app's lifetime."""

    def __init__(
        self, reminders: Reminders, composer: Composer, sender: Sender, awards: AwardDispatches, *, poll_seconds: float
    ) -> None:
        self.reminders = reminders
        self.composer = composer
        self.sender = sender
        self.awards = awards
        self._poll_seconds = poll_seconds
        self._wakeup = asyncio.Event()

    @classmethod
    def build(
        cls,
        unit_of_work: UnitOfWork,
        store: NotificationStore,
        settings: Settings,
        *,
        ways_out: tuple[Mailer, WebhookPoster],
        clock: Clock,
        random_source: domain.RandomSource = random.random,
    ) -> "Dispatcher":
        mailer, poster = ways_out
        channels: dict[str, Channel] = {
            "email": EmailChannel(mailer, settings),
            "webhook": WebhookChannel(poster, clock),
        }
        return cls(
            Reminders(unit_of_work, store, hours_before=settings.reminder_hours_before),
            Composer(unit_of_work, store, MessageRenderer(), batch_size=settings.dispatch_batch_size),
            Sender(unit_of_work, store, channels, settings, random_source),
            AwardDispatches(unit_of_work, store),
            poll_seconds=settings.dispatch_poll_seconds,
        )

    def wake(self) -> None:
        """Called after a handler committed: there may be something to compose now."""
        self._wakeup.set()

    async def run_once(self) -> bool:
        """One pass; True if it did anything, so the loop looks again at once instead of waiting."""
        reminded = await self.reminders.plan_due()
        composed = await self.composer.compose_ready()
        sent = await self.sender.send_due()
        closed = await self.awards.close_finished()
        return reminded + composed + sent + closed > 0

    async def run(self) -> None:
        failures = 0
        while True:
            try:
                busy = await self.run_once()
                failures = 0
            except Exception:  # the database is away, say: keep the loop, back off
                failures += 1
                log.exception("dispatch_failed", consecutive_failures=failures)
                busy = False
            if not busy:
                await self._sleep(min(self._poll_seconds * 2**failures, 60.0))

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), seconds)
        self._wakeup.clear()
