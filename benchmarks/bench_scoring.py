"""Benchmark of the scoring engine on one lot of 10 to 100,000 bids: the engine alone, and `procure evaluate`.

Run from the repository root:  .venv/bin/python benchmarks/bench_scoring.py
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
from pathlib import Path
from typing import Any

from services.scoring.domain import evaluate
from shared.evaluation import EvaluationRequest, load_request_json, parse_request

SIZES = (10, 1_000, 10_000, 100_000)
CVRS = ("13748136", "13585628", "40084525", "12345674")
PROXY_VALUES = {"DK_LTU_HIRE": "122000", "DK_FLEXJOB": "42000", "DK_APPRENTICE_YEAR": "40000"}

ENGINE_SPAN = (
    "engine: evaluate(request) on a request already parsed and validated; best of 5 runs (3 for 100,000 "
    "bids); garbage collector on and collected before each run (the GC-off column shows the collector's share)"
)
END_TO_END_SPAN = (
    "end to end: `procure evaluate FILE --json > /dev/null` in a fresh process (start-up, read, validate, "
    "evaluate, write); wall clock, best of 3 runs (1 for 100,000 bids)"
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
        evaluate(request)
        best = min(best, time.perf_counter() - started)
        gc.enable()
    return best


def end_to_end_seconds(path: Path, runs: int) -> float:
    """The best wall time of `procure evaluate FILE --json` in a fresh process over `runs`."""
    installed = shutil.which("procure", path=str(Path(sys.executable).parent))
    command = [installed] if installed else [sys.executable, "-m", "procure"]
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([*command, "evaluate", str(path), "--json"], stdout=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(ENGINE_SPAN)
    print(END_TO_END_SPAN)
    print(TARGETS)
    print()
    print(f"{'bids':>8} | {'engine µs/bid':>13} | {'engine s':>9} | {'GC off µs/bid':>13} | {'end to end s':>12}")
    print(f"{'-' * 8}-+-{'-' * 13}-+-{'-' * 9}-+-{'-' * 13}-+-{'-' * 12}")
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            text = json.dumps(lot_document(size), ensure_ascii=False)
            path = Path(folder) / f"lot-{size}.json"
            path.write_text(text, encoding="utf-8")
            request = parse_request(load_request_json(text))
            large = size >= 100_000
            engine = engine_seconds(request, runs=3 if large else 5)
            without_collector = engine_seconds(request, runs=3 if large else 5, collector=False)
            end_to_end = end_to_end_seconds(path, runs=1 if large else 3)
            per_bid, per_bid_without = engine / size * 1e6, without_collector / size * 1e6
            row = f"{size:>8,} | {per_bid:>13.2f} | {engine:>9.4f} | {per_bid_without:>13.2f} | {end_to_end:>12.2f}"
            print(row, flush=True)


if __name__ == "__main__":
    main()
