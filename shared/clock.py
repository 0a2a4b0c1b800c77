"""The one injectable clock: services ask it the time, tests move it instead of sleeping."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class OffsetClock:
    """System time moved forward by the seconds written in a file: `procure demo` shows a tender's months in
    seconds with it. For demonstrations only; a deployment never sets CLOCK_OFFSET_FILE."""

    def __init__(self, offset_file: Path) -> None:
        self._offset_file = offset_file

    def now(self) -> datetime:
        try:
            offset = float(self._offset_file.read_text() or 0)
        except FileNotFoundError:
            offset = 0.0
        return datetime.now(UTC) + timedelta(seconds=offset)


class ManualClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("a clock's time must be timezone-aware")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, by: timedelta) -> datetime:
        self._now += by
        return self._now

    def set(self, to: datetime) -> None:
        if to.tzinfo is None:
            raise ValueError("a clock's time must be timezone-aware")
        self._now = to.astimezone(UTC)
