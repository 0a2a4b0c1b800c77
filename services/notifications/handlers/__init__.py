"""Kafka subscribers of the notifications service: what the events say is recorded, and who must be told what.

Handlers only record (check → decide → save), each event once; the dispatcher composes and delivers after
the commit, so a slow SMTP server or webhook never holds up a partition. Each subscriber has a consumer group
of its own: `bidders` (registrations, bids), `tenders` (publication, amendments, answers, cancellation),
`awards` (evaluation, award, standstill) and `contracts` (contract signed, outcome reports due).
"""

from collections.abc import Callable

from services.notifications.handlers import awards, bidders, contracts, tenders
from services.notifications.settings import Settings
from services.notifications.store import NotificationStore
from shared.runtime import ServiceRuntime


def register(
    runtime: ServiceRuntime, store: NotificationStore, settings: Settings, *, wake_dispatcher: Callable[[], None]
) -> None:
    bidders.register(runtime, store, wake_dispatcher=wake_dispatcher)
    tenders.register(runtime, store, settings, wake_dispatcher=wake_dispatcher)
    awards.register(runtime, store, wake_dispatcher=wake_dispatcher)
    contracts.register(runtime, store, wake_dispatcher=wake_dispatcher)
