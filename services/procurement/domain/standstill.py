"""The standstill period (lov om Klagenævnet for Udbud § 3): no contract may be signed until it has run out.

It runs from the day after the award notices were sent: 10 calendar days after an electronic notice, 15 after a
letter, and ends at 23:59:59 Copenhagen time on its last day; a last day on a weekend or a Danish public holiday
moves to the next working day (Council Regulation 1182/71, as the complaints board applies it).
"""

from datetime import date, datetime, time, timedelta
from enum import StrEnum

import holidays

from shared.clock import COPENHAGEN


class NoticeChannel(StrEnum):
    ELECTRONIC = "electronic"
    LETTER = "letter"


STANDSTILL_DAYS = {NoticeChannel.ELECTRONIC: 10, NoticeChannel.LETTER: 15}


def standstill_end(notified_on: date, channel: NoticeChannel) -> datetime:
    """When the standstill after notices sent on `notified_on` (a Copenhagen date) ends."""
    last_day = notified_on + timedelta(days=STANDSTILL_DAYS[channel])
    while not is_working_day(last_day):
        last_day += timedelta(days=1)
    return datetime.combine(last_day, time(23, 59, 59), tzinfo=COPENHAGEN)


def notified_on(dispatched_at: datetime) -> date:
    """The Copenhagen date on which notices sent at `dispatched_at` went out."""
    return dispatched_at.astimezone(COPENHAGEN).date()


def is_working_day(day: date) -> bool:
    # The `holidays` calendar has no Store Bededag from 2024, when the day was abolished.
    return day.weekday() < 5 and day not in holidays.Denmark(years=day.year)


def days_moved_past(notified: date, channel: NoticeChannel) -> list[date]:
    """The weekend days and holidays the period's end was moved past (for people checking the figure)."""
    day, moved = notified + timedelta(days=STANDSTILL_DAYS[channel]), []
    while not is_working_day(day):
        moved.append(day)
        day += timedelta(days=1)
    return moved
