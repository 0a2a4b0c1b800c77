"""When an e-mail is tried again, when it has failed, and when an award's notices count as dispatched."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.notifications import domain

POLICY = domain.RetryPolicy(max_attempts=4, base_seconds=30, max_seconds=300)
T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_the_backoff_doubles_with_each_failure() -> None:
    longest = [domain.retry_delay(n, POLICY, lambda: 1.0) for n in (1, 2, 3)]
    assert longest == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]


def test_the_jitter_moves_a_retry_between_half_and_all_of_its_backoff() -> None:
    assert domain.retry_delay(2, POLICY, lambda: 0.0) == timedelta(seconds=30)
    assert domain.retry_delay(2, POLICY, lambda: 0.5) == timedelta(seconds=45)


def test_the_backoff_stops_growing_at_its_maximum() -> None:
    assert domain.retry_delay(10, POLICY, lambda: 1.0) == timedelta(seconds=300)


@given(attempts=st.integers(min_value=1, max_value=60), draw=st.floats(min_value=0, max_value=1, exclude_max=True))
def test_every_delay_lies_within_its_bounds(attempts: int, draw: float) -> None:
    ceiling = min(300, 30 * 2 ** (attempts - 1))
    delay = domain.retry_delay(attempts, POLICY, lambda: draw).total_seconds()
    assert ceiling / 2 <= delay <= ceiling


def test_a_failure_before_the_last_attempt_is_retried_after_its_backoff() -> None:
    when = domain.next_attempt_at(3, failed_at=T0, policy=POLICY, random=lambda: 1.0)
    assert when == T0 + timedelta(seconds=120)


def test_the_last_attempt_failing_ends_the_notification() -> None:
    assert domain.next_attempt_at(4, failed_at=T0, policy=POLICY, random=lambda: 0.0) is None


def test_award_notices_are_not_dispatched_while_one_email_is_pending() -> None:
    emails = [("sent", T0), ("pending", None)]
    assert domain.award_notices_dispatched_at(emails, recorded_at=T0) is None


def test_award_notices_are_dispatched_when_the_last_email_was_sent_or_finally_failed() -> None:
    emails = [("sent", T0), ("failed", T0 + timedelta(minutes=20)), ("sent", T0 + timedelta(minutes=1))]
    assert domain.award_notices_dispatched_at(emails, recorded_at=T0) == T0 + timedelta(minutes=20)


def test_an_award_without_emails_counts_as_dispatched_when_it_was_recorded() -> None:
    assert domain.award_notices_dispatched_at([], recorded_at=T0) == T0
