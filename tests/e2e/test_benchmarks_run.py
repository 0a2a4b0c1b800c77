"""The benchmark scripts that drive services over HTTP still work: each runs on a tiny load against the test
run's broker and prints its figures. (Their numbers are for the closing notes, not asserted here.)"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("benchmark", "arguments", "figure"),
    [
        ("bench_bids", ["--bids", "5", "--deadline-poll", "0.1"], "5 bids opened"),
        ("bench_notifications", ["--bidders", "3", "--rounds", "1"], "last of 3 award e-mails accepted"),
    ],
)
def test_the_benchmark_runs_and_prints_its_figures(
    kafka_bootstrap: str, benchmark: str, arguments: list[str], figure: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{benchmark}", *arguments],
        cwd=REPO_ROOT,
        env={**os.environ, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert figure in done.stdout, done.stdout
    assert "measured with: .venv/bin/python -m benchmarks." in done.stdout
