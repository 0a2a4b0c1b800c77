"""The injectable clock and the namespacing of Kafka names."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from shared.clock import ManualClock
from shared.settings import KafkaSettings


def test_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    assert clock.now() == clock.now()
    assert clock.advance(timedelta(days=1)) == datetime(2026, 3, 2, 12, tzinfo=UTC)


def test_manual_clock_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ManualClock(datetime(2026, 3, 1))


def test_names_are_namespaced_only_when_a_namespace_is_set() -> None:
    assert KafkaSettings().namespaced("scoring.evaluate") == "scoring.evaluate"
    assert KafkaSettings(kafka_namespace="test-7").namespaced("x.y.v1") == "test-7.x.y.v1"


def test_a_namespace_must_be_topic_safe() -> None:
    with pytest.raises(ValidationError, match="kafka_namespace"):
        KafkaSettings(kafka_namespace="Has Spaces")


def test_the_command_line_names_the_roles_the_tokens_accept() -> None:
    from procure.token_command import ROLES as COMMAND_ROLES
    from shared.tokens import ROLES

    assert COMMAND_ROLES == ROLES
