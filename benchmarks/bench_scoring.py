"""Benchmark of the scoring engine on one lot of 10 to 100,000 bids: the engine alone, and `procure evaluate`.

Each column of the table is one named span (printed above it): the engine, reading and checking the request,
writing the result, and the command end to end, whose start-up alone is timed on a line of its own.

Run from the repository root:  .venv/bin/python -m benchmarks.bench_scoring
"""

import gc
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from services.scoring.domain import evaluate
from shared.evaluation import EvaluationRequest, EvaluationResult, load_request_json, parse_request

_Outcome = TypeVar("_Outcome")

SIZES = (10, 1_000, 10_000, 100_000)
CVRS = ("13748136", "13585628", "40084525", "12345674")
PROXY_VALUES = {"DK_LTU_HIRE": "122000", "DK_FLEXJOB": "42000", "DK_APPRENTICE_YEAR": "40000"}

SPANS = (
    "evaluate: the engine, the call evaluate(request) on a request already parsed and validated, up to its "
    "return (freeing the result later is not counted); best of 5 runs (3 for 100,000 bids); garbage collector on "
    "and collected before each run (GC off: the same with it off)",
    "read+check: load_request_json(text) and parse_request(document) in this process, one run",
    "write: result.to_document() and json.dumps of it, in this process, one run",
    "procure evaluate: `procure evaluate FILE --json > /dev/null` in a fresh process (start-up, read, check, "
    "evaluate, write); wall clock, best of 3 runs (1 for 100,000 bids)",
    "start-up: `procure --help` in a fresh process, best of 3 runs: the part of `procure evaluate` that no lot needs",
)
COLUMNS = (  # name, width, format of the figure
    ("bids", 8, ","),
    ("evaluate µs/bid", 15, ".2f"),
    ("evaluate s", 10, ".4f"),
    ("GC off µs/bid", 13, ".2f"),
    ("read+check s", 12, ".2f"),
    ("write s", 7, ".2f"),
    ("procure evaluate s", 18, ".2f"),
)
TARGETS = (
    "targets: engine ≤ 5 µs per bid, 100,000 bids < 0.5 s, growing no faster than n log n; end to end 10,000 bids < 2 s"
)


def lot_document(bid_count: int, seed: int = 2026) -> dict[str, Any]:
    """A weighted_sum lot like the contract's example: linear price, direct quality, monetised social value."""
    rng = random.Random(seed)
    bids = [
        {
            "id": f"B{number:06d}",
            "bidder": {"name": f"Bidder {number}", "cvr": CVRS[number % len(CVRS)]},
            "price": str(rng.randint(2_000_000, 3_000_000)),
            "points": {"quality": str(rng.randint(0, 20) / 2)},
            "social_commitments": [
                {"proxy": rng.choice(list(PROXY_VALUES)), "quantity": str(rng.randint(1, 3))}
                for _ in range(rng.randint(0, 3))
            ],
        }
        for number in range(bid_count)
    ]
    return {
        "format": "evaluation-request/1",
        "tender_id": "BENCH",
        "lot_id": "1",
        "currency": "DKK",
        "criteria": [
            {"id": "price", "kind": "price", "weight": "0.40", "method": "linear_relative", "params": {"slope": "0.5"}},
            {"id": "quality", "kind": "quality", "weight": "0.35", "method": "direct"},
            {"id": "social", "kind": "social", "weight": "0.25", "method": "monetised_relative"},
        ],
        "proxy_values": PROXY_VALUES,
        "bids": bids,
    }


def engine_seconds(request: EvaluationRequest, runs: int, *, collector: bool = True) -> float:
    """The best wall time of `evaluate(request)` over `runs`, with the garbage collector on or off."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()  # garbage left by the previous run is not this run's cost
        if not collector:
            gc.disable()
        started = time.perf_counter()
        result = evaluate(request)
        best = min(best, time.perf_counter() - started)
        gc.enable()
        del result  # freeing 100,000 ranked bids takes a while too: their holder's cost, when it lets go of them
    return best


def seconds_of(work: Callable[[], _Outcome]) -> tuple[_Outcome, float]:
    """What `work` returns, and its wall time, from a collected heap (garbage left before is not its cost)."""
    gc.collect()
    started = time.perf_counter()
    outcome = work()
    return outcome, time.perf_counter() - started


def read_request(text: str) -> EvaluationRequest:
    """The request in `text`, read and checked as `procure evaluate` does."""
    return parse_request(load_request_json(text))


def write_document(result: EvaluationResult) -> str:
    """The result document as `procure evaluate --json` writes it."""
    return json.dumps(result.to_document(), ensure_ascii=False)


def procure_seconds(arguments: list[str], runs: int) -> float:
    """The best wall time of `procure ARGUMENTS` in a fresh process over `runs`."""
    installed = shutil.which("procure", path=str(Path(sys.executable).parent))
    command = [installed] if installed else [sys.executable, "-m", "procure"]
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([*command, *arguments], stdout=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    for span in SPANS:
        print(span)
    print(TARGETS)
    print()
    print(f"start-up: {procure_seconds(['--help'], runs=3):.2f} s")
    print(" | ".join(f"{name:>{width}}" for name, width, _ in COLUMNS))
    print("-+-".join("-" * width for _, width, _ in COLUMNS))
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            text = json.dumps(lot_document(size), ensure_ascii=False)
            path = Path(folder) / f"lot-{size}.json"
            path.write_text(text, encoding="utf-8")
            request, reading = seconds_of(partial(read_request, text))
            large = size >= 100_000
            engine = engine_seconds(request, runs=3 if large else 5)
            without_collector = engine_seconds(request, runs=3 if large else 5, collector=False)
            _, writing = seconds_of(partial(write_document, evaluate(request)))
            end_to_end = procure_seconds(["evaluate", str(path), "--json"], runs=1 if large else 3)
            row = (size, engine / size * 1e6, engine, without_collector / size * 1e6, reading, writing, end_to_end)
            cells = (f"{value:>{width}{form}}" for value, (_, width, form) in zip(row, COLUMNS, strict=True))
            print(" | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
