"""When to try a delivery (e-mail, webhook) again, when to give up, and when an award's notices count as
dispatched."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

RandomSource = Callable[[], float]  # a number in [0, 1), as `random.random` gives


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: float
    max_seconds: float


def retry_delay(attempts_made: int, policy: RetryPolicy, random: RandomSource) -> timedelta:
    """Exponential backoff with jitter: the n-th failure waits between half and all of base × 2^(n-1).

    Half of the wait is random, so e-mails that failed together (a server restarting) do not all come back at
    the same moment; the fixed half keeps a retry from following its failure at once.
    """
    ceiling = min(policy.max_seconds, policy.base_seconds * 2 ** max(attempts_made - 1, 0))
    return timedelta(seconds=ceiling / 2 + random() * ceiling / 2)


def next_attempt_at(
    attempts_made: int, *, failed_at: datetime, policy: RetryPolicy, random: RandomSource, refused: bool = False
) -> datetime | None:
    """When to try again after the `attempts_made`-th failure, or None: give up, the notification has failed.

    Every failure the other side answered is retried the same way, 5xx answers included: a permanent-looking
    refusal is as often our own misconfiguration (credentials, relay rules) as the recipient's, and a few spaced
    retries cost little. Only our own refusal to connect (`refused`: a webhook address we may never reach, or no
    webhook any more) ends it at once: trying again would ask the same question and get the same answer.
    """
    if refused or attempts_made >= policy.max_attempts:
        return None
    return failed_at + retry_delay(attempts_made, policy, random)


def award_notices_dispatched_at(
    email_notices: Iterable[tuple[str, datetime | None]], *, recorded_at: datetime
) -> datetime | None:
    """When an award's notices count as dispatched: once none of its e-mails is pending any more, the moment the
    last one was sent or finally failed, so the standstill never starts before any bidder's notice went out;
    None while one is still pending or waiting for its recipient.

    A finally failed e-mail does not hold the award back for ever: the notice has been in that bidder's inbox
    since it was composed, and officers see the failure. With no e-mail at all, the award's recording counts.
    """
    notices = list(email_notices)
    if any(status == "pending" for status, _ in notices):
        return None
    return max((settled_at for _, settled_at in notices if settled_at is not None), default=recorded_at)
