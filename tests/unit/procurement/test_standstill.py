"""The standstill end: 10 days after an electronic notice (15 after a letter), counted from the day after,
ending 23:59:59 Copenhagen time, moved past weekends and Danish public holidays."""

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from services.procurement.domain.standstill import NoticeChannel, standstill_end
from shared.clock import COPENHAGEN

REPO_ROOT = Path(__file__).resolve().parents[3]


def at_end_of(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T23:59:59").replace(tzinfo=COPENHAGEN)


@pytest.mark.parametrize(
    ("notified", "channel", "ends"),
    [
        # Thu 5 Mar 2026 + 10 = Sun 15 Mar → Mon 16 Mar (the domain research's example)
        ("2026-03-05", NoticeChannel.ELECTRONIC, "2026-03-16"),
        # Mon 9 Mar 2026 + 10 = Thu 19 Mar, a working day
        ("2026-03-09", NoticeChannel.ELECTRONIC, "2026-03-19"),
        # Mon 23 Mar 2026 + 10 = Maundy Thursday 2 Apr → Good Friday, Sat, Easter Sunday, Easter Monday → Tue 7 Apr
        ("2026-03-23", NoticeChannel.ELECTRONIC, "2026-04-07"),
        # Tue 15 Dec 2026 + 10 = Christmas Day (Fri) → 26 Dec (Sat), Sun → Mon 28 Dec
        ("2026-12-15", NoticeChannel.ELECTRONIC, "2026-12-28"),
        # Tue 25 Apr 2023 + 10 = Fri 5 May 2023, Store Bededag that year → Mon 8 May
        ("2023-04-25", NoticeChannel.ELECTRONIC, "2023-05-08"),
        # Tue 16 Apr 2024 + 10 = Fri 26 Apr 2024: the former Store Bededag, abolished from 2024, a working day
        ("2024-04-16", NoticeChannel.ELECTRONIC, "2024-04-26"),
        # A letter: Thu 5 Mar 2026 + 15 = Fri 20 Mar 2026
        ("2026-03-05", NoticeChannel.LETTER, "2026-03-20"),
        # A letter: Fri 11 Dec 2026 + 15 = Sat 26 Dec (2nd Christmas Day) → Sun → Mon 28 Dec
        ("2026-12-11", NoticeChannel.LETTER, "2026-12-28"),
    ],
)
def test_the_standstill_end(notified: str, channel: NoticeChannel, ends: str) -> None:
    assert standstill_end(date.fromisoformat(notified), channel) == at_end_of(ends)


def test_the_end_carries_the_copenhagen_offset_of_its_season() -> None:
    assert standstill_end(date(2026, 1, 5), NoticeChannel.ELECTRONIC).isoformat() == "2026-01-15T23:59:59+01:00"
    assert standstill_end(date(2026, 6, 1), NoticeChannel.ELECTRONIC).isoformat() == "2026-06-11T23:59:59+02:00"


def test_the_command_prints_the_end_and_why_it_moved() -> None:
    command = [sys.executable, "-m", "procure", "standstill", "--notified", "2026-12-15", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, check=True)
    printed = json.loads(done.stdout)
    assert printed["ends_at"] == "2026-12-28T23:59:59+01:00"
    assert [moved["date"] for moved in printed["moved_past"]] == ["2026-12-25", "2026-12-26", "2026-12-27"]


def test_the_command_refuses_a_date_it_cannot_read() -> None:
    command = [sys.executable, "-m", "procure", "standstill", "--notified", "15/12/2026"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, check=False)
    assert done.returncode == 2
    assert "--notified" in done.stderr
