"""Wires the notifications service together: create_app(settings)."""

from pathlib import Path

from fastapi import FastAPI

from services.notifications import api, handlers
from services.notifications.dispatch import Dispatcher
from services.notifications.mailer import SmtpMailer
from services.notifications.network_guard import Resolver
from services.notifications.settings import Settings
from services.notifications.store import NotificationsTable, NotificationStore
from services.notifications.webhook import HttpWebhookPoster
from shared.clock import Clock
from shared.runtime import ServiceRuntime

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, resolver: Resolver | None = None
) -> FastAPI:
    """`resolver` resolves webhook hosts (the system's resolver unless a test gives its own)."""
    settings = settings or Settings()
    runtime = ServiceRuntime(
        settings, name="notifications", metadata=[NotificationsTable.metadata], migrations=MIGRATIONS, clock=clock
    )
    store = NotificationStore()
    ways_out = (SmtpMailer(settings, runtime.clock), HttpWebhookPoster(settings, resolver))
    dispatcher = Dispatcher.build(runtime.unit_of_work, store, settings, ways_out=ways_out, clock=runtime.clock)
    handlers.register(runtime, store, settings, wake_dispatcher=dispatcher.wake)
    runtime.add_job(dispatcher.run)
    return runtime.create_app(
        title="Notifications",
        description="Every bidder told what happens to its bids, by e-mail, webhook and in its inbox, "
        "and the proof of it; officers told of evaluations and failures.",
        routers=[api.router],
        dispatcher=dispatcher,
    )
