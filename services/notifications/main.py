"""Wires the notifications service together: create_app(settings)."""

from fastapi import FastAPI

from services.notifications import api, handlers
from services.notifications.dispatch import Dispatcher
from services.notifications.mailer import SmtpMailer
from services.notifications.settings import Settings
from services.notifications.store import NotificationsTable, NotificationStore
from shared.clock import Clock
from shared.runtime import ServiceRuntime


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime(settings, name="notifications", metadata=[NotificationsTable.metadata], clock=clock)
    store = NotificationStore()
    mailer = SmtpMailer(settings, runtime.clock)
    dispatcher = Dispatcher.build(runtime.unit_of_work, store, mailer, settings)
    handlers.register(runtime, store, wake_dispatcher=dispatcher.wake)
    runtime.add_job(dispatcher.run)
    return runtime.create_app(
        title="Notifications",
        description="Every bidder told what happens to its bids, by e-mail and in its inbox, and the proof of it.",
        routers=[api.router],
        dispatcher=dispatcher,
    )
