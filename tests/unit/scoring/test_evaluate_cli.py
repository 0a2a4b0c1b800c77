"""`procure evaluate`: exit codes, problems on stderr, the table, the JSON, and the same bytes in every process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from procure import evaluate

GOLDEN = Path(__file__).parent / "golden"
REPOSITORY = Path(__file__).parents[3]

app = typer.Typer()
app.command()(evaluate.command)
runner = CliRunner()


def _broken_request(tmp_path: Path) -> Path:
    document = json.loads((GOLDEN / "G1.request.json").read_text(encoding="utf-8"))
    document["bids"][1]["bidder"]["cvr"] = "12345678"
    document["criteria"][2]["weight"] = "0.20"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_json_output_reproduces_the_golden_figures() -> None:
    outcome = runner.invoke(app, [str(GOLDEN / "G1.request.json"), "--json"])
    assert outcome.exit_code == 0, outcome.stderr
    written = json.loads(outcome.stdout)
    expected = json.loads((GOLDEN / "G1.expected.json").read_text(encoding="utf-8"))
    assert {field: written[field] for field in expected} == expected
    assert "sensitivity" not in written


def test_sensitivity_flag_adds_the_sensitivity() -> None:
    outcome = runner.invoke(app, [str(GOLDEN / "G1.request.json"), "--json", "--sensitivity"])
    assert outcome.exit_code == 0
    assert json.loads(outcome.stdout)["sensitivity"]["winner"] == "B"


def test_bad_input_exits_2_with_one_problem_per_line_on_stderr(tmp_path: Path) -> None:
    outcome = runner.invoke(app, [str(_broken_request(tmp_path)), "--json"])
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr.splitlines() == [
        "criteria: weights sum to 0.95, not 1",
        "bids[1].bidder.cvr: 12345678 fails the modulus-11 check",
    ]


def test_text_that_is_not_json_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "not.json"
    path.write_text("{ not json", encoding="utf-8")
    outcome = runner.invoke(app, [str(path)])
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("$: not valid JSON")


def test_a_file_that_is_not_there_is_bad_input(tmp_path: Path) -> None:
    outcome = runner.invoke(app, [str(tmp_path / "missing.json")])
    assert outcome.exit_code == 2
    assert "missing.json" in outcome.stderr


def test_dash_reads_the_request_from_stdin() -> None:
    text = (GOLDEN / "G9.request.json").read_text(encoding="utf-8")
    outcome = runner.invoke(app, ["-", "--json"], input=text)
    assert outcome.exit_code == 0
    assert json.loads(outcome.stdout)["excluded"] == [{"bid_id": "D", "reason": "status noncompliant"}]


def test_the_table_shows_every_bid_and_what_was_excluded() -> None:
    outcome = runner.invoke(app, [str(GOLDEN / "G9.request.json"), "--sensitivity"])
    assert outcome.exit_code == 0
    table = outcome.stdout
    for shown in ("B", "C", "A", "7.7500", "7.3272", "6.3232", "Excluded: D (status noncompliant)"):
        assert shown in table
    assert "relative_model" in table
    assert "0.5320" in table  # G1's price weight threshold, in the sensitivity table


@pytest.mark.parametrize("case", ["G1", "G3"])
def test_the_json_is_byte_identical_in_fresh_processes_with_other_hash_seeds(case: str) -> None:
    outputs = [_run_in_a_fresh_process(case, seed) for seed in ("1", "4242")]
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["input_sha256"]


def _run_in_a_fresh_process(case: str, seed: str) -> bytes:
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-m", "procure", "evaluate", str(GOLDEN / f"{case}.request.json"), "--json"]
    finished = subprocess.run(command, cwd=REPOSITORY, env=environment, capture_output=True, check=True)
    return finished.stdout
