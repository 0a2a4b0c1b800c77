"""The topology in shared.events (SUBSCRIPTIONS) is what each service's handlers really subscribe to."""

import importlib
from pathlib import Path

import pytest

from procure.suite import SERVICES
from shared import events


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_subscribes_to_exactly_the_events_the_topology_names(service: str, tmp_path: Path) -> None:
    settings = importlib.import_module(f"services.{service}.settings").Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'service.db'}",
        log_json=False,
        **({"vault_master_key_file": tmp_path / "vault.key"} if service == "procurement" else {}),
    )
    app = importlib.import_module(f"services.{service}.main").create_app(settings)
    if service == "audit":
        # The audit subscribes only once it holds the writer lock: to the topics its handlers name for it.
        from services.audit.handlers import captured_topics

        subscribed = set(captured_topics(settings))
    else:
        subscribed = {t.name for subscriber in app.state.runtime.bus.broker.subscribers for t in subscriber.topics}
    named = {event.topic for event in events.SUBSCRIPTIONS[service]}
    if service == "audit":  # the audit captures the dead letters too
        named |= {events.dead_letter_topic(topic) for topic in events.subscribed_topics()}
    assert subscribed == named
