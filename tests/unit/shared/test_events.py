"""The event contract: topics, the envelope, round trips, and the committed schemas that guard compatibility."""

import json
import re
from datetime import UTC, datetime
from typing import ClassVar

import pytest
from pydantic import ValidationError

from shared import events
from shared.events import Actor, Event
from shared.events.base import TOPIC_PATTERN
from shared.events.payloads import Payload
from shared.events.schemas import compare_with_committed, render, schema_file, schema_of
from tests.support.samples import NOW, OFFICER, sample_event


def test_topics_are_unique_versioned_and_owned_by_their_producer() -> None:
    topics = [event.topic for event in events.ALL]
    assert len(set(topics)) == len(topics)
    for event in events.ALL:
        match = TOPIC_PATTERN.match(event.topic)
        assert match, event.topic
        assert sample_event(event).producer == match["producer"]


def test_every_subscribed_topic_is_published_by_some_service_and_has_a_dead_letter_topic() -> None:
    assert set(events.SUBSCRIBED) <= set(events.ALL)
    for event in events.SUBSCRIBED:
        assert events.dead_letter_topic(event.topic) in events.all_topics()


@pytest.mark.parametrize("event_type", events.ALL, ids=lambda event: event.topic)
def test_every_event_round_trips_through_json(event_type: type[Event]) -> None:
    event = sample_event(event_type)
    assert event_type.model_validate_json(event.model_dump_json()) == event


def test_envelope_is_derived_from_the_topic() -> None:
    event = sample_event(events.TenderClosed, "T-9")
    assert (event.event_type, event.schema_version, event.producer) == (
        "procurement.tender-closed",
        1,
        "procurement",
    )
    assert event.key == "T-9"
    assert event.headers()["event_id"] == str(event.event_id)


def test_bidder_events_are_keyed_by_bidder() -> None:
    assert sample_event(events.BidderRegistered, "bidder-7").key == "bidder-7"


def test_an_event_claiming_another_type_is_refused() -> None:
    document = json.loads(sample_event(events.TenderClosed).model_dump_json())
    document["event_type"] = "procurement.tender-published"
    with pytest.raises(ValidationError, match=re.escape("event_type is 'procurement.tender-published'")):
        events.TenderClosed.model_validate(document)


def test_occurred_at_must_carry_a_timezone_and_is_kept_in_utc() -> None:
    payload = {"tender_id": "T-1", "closed_at": NOW, "bids_opened": 0}
    with pytest.raises(ValidationError, match="timezone"):
        events.TenderClosed(occurred_at=datetime(2026, 1, 1), correlation_id="c", actor=OFFICER, payload=payload)
    copenhagen_noon = datetime.fromisoformat("2026-06-01T12:00:00+02:00")
    event = events.TenderClosed(occurred_at=copenhagen_noon, correlation_id="c", actor=OFFICER, payload=payload)
    assert event.occurred_at == datetime(2026, 6, 1, 10, tzinfo=UTC)
    assert event.model_dump_json().count('"occurred_at":"2026-06-01T10:00:00Z"') == 1


def test_readers_tolerate_fields_a_newer_producer_added() -> None:
    document = json.loads(sample_event(events.TenderClosed).model_dump_json())
    document["payload"]["reason"] = "added in a later version"
    document["trace_id"] = "abc"
    assert events.TenderClosed.model_validate(document).payload.bids_opened == 3


def test_a_topic_outside_the_naming_rule_is_refused_when_the_class_is_defined() -> None:
    with pytest.raises(TypeError, match=re.escape("not <producer>.<event>.v<N>")):

        class Misnamed(Event):
            topic: ClassVar[str] = "TenderPublished"
            payload: Payload


@pytest.mark.parametrize("event_type", events.ALL, ids=lambda event: event.topic)
def test_committed_schema_is_current(event_type: type[Event]) -> None:
    path = schema_file(event_type)
    assert path.exists(), f"no committed schema for {event_type.topic}: run `make schemas`"
    assert path.read_text() == render(schema_of(event_type)), "schema changed: run `make schemas` and commit it"


def test_no_breaking_change_against_the_committed_schemas() -> None:
    assert {topic: problems for topic, problems in compare_with_committed().items() if problems} == {}


def test_actor_needs_an_id() -> None:
    with pytest.raises(ValidationError):
        Actor(kind="user", id="")
