"""Crash points are inert unless named, and kill on the n-th pass when they are."""

import signal
import subprocess
import sys

import pytest

from shared.crashpoints import ENVIRONMENT_VARIABLE, crash_point

SCRIPT = """
from shared.crashpoints import crash_point
for n in range(1, 6):
    print(n, flush=True)
    crash_point("somewhere")
"""


def run(crash_at: str | None) -> subprocess.CompletedProcess[str]:
    env = {ENVIRONMENT_VARIABLE: crash_at} if crash_at else {}
    return subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False)


def test_unnamed_points_do_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    crash_point("anything")
    assert run(None).stdout.split() == ["1", "2", "3", "4", "5"]


def test_a_named_point_kills_on_its_nth_pass() -> None:
    done = run("somewhere:3")
    assert done.returncode == -signal.SIGKILL
    assert done.stdout.split() == ["1", "2", "3"]


def test_another_point_name_is_ignored() -> None:
    assert run("elsewhere").returncode == 0
