"""Benchmark of sealed bids through the procurement service's HTTP API: 1,000 enterprises each submit a bid on one
tender (bids accepted per second), then the deadline passes and the service's own clock closes the tender and opens
every bid (seconds from the deadline to the opened bids).

Run from the repository root:  .venv/bin/python -m benchmarks.bench_bids [--bids 1000] [--concurrency 8]

The service runs as its own process (`procure serve procurement`, SQLite, its default settings unless an option
says otherwise) on the broker KAFKA_BOOTSTRAP_SERVERS names when one answers there, else on one this benchmark
starts for itself. Each bid is a realistic one: a price with its breakdown, an answer per quality criterion, two
social commitments and a 20 kB attachment; every bid is encrypted with the tender's data key and answered with
its receipt. The service's clock runs ahead by an offset this benchmark writes (as `procure demo` does), so the
35 days to the deadline pass at once: the clock is set to the deadline's exact moment and the time is taken from
then until the officer sees the tender closed, and again until the officer has read all the opened bids.
"""

import argparse
import asyncio
import base64
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from benchmarks.support import a_broker, bearer, command_line, machine, service_process, until, until_ready
from procure.demo import park_tender
from shared.clock import COPENHAGEN

OFFICER = bearer("officer", "anne.officer@kolding.dk")
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
ATTACHMENT = base64.b64encode(random.Random(2026).randbytes(20_000)).decode()


def valid_cvrs(count: int) -> list[str]:
    """Distinct CVR numbers that pass the modulus-11 check, as the registration requires."""
    found: list[str] = []
    candidate = 1_000_000
    while len(found) < count:
        digits = [int(d) for d in str(candidate)]
        check = -sum(w * d for w, d in zip(CVR_WEIGHTS, digits, strict=False)) % 11
        if check < 10:
            found.append(f"{candidate}{check}")
        candidate += 1
    return found


def tender_draft(deadline: datetime) -> dict[str, Any]:
    reference, title = f"KOL-BENCH-{deadline:%H%M%S}", "Parkpleje, benchmark"
    return {**park_tender(deadline), "reference": reference, "title": title, "description": "Mange tilbud."}


def bid_body(number: int) -> dict[str, Any]:
    price = 2_000_000 + number * 997
    return {
        "price": str(price),
        "price_breakdown": {
            "labour": str(price * 7 // 10),
            "machines": str(price * 2 // 10),
            "other": str(price // 10),
        },
        "answers": {"quality": f"Vores plan for parkplejen, version {number}: " + "faste hold, elmaskiner. " * 40},
        "social_commitments": [
            {"proxy": "DK_LTU_HIRE", "quantity": "1"},
            {"proxy": "DK_APPRENTICE_YEAR", "quantity": "1"},
        ],
        "attachments": [{"filename": "tilbud.pdf", "content_base64": ATTACHMENT}],
    }


class ServiceClock:
    """Moves the service's clock by writing the offset it reads (shared.clock.OffsetClock)."""

    def __init__(self, offset_file: Path) -> None:
        self.offset_file = offset_file
        offset_file.write_text("0")

    def set_to(self, moment: datetime) -> None:
        self.offset_file.write_text(str((moment - datetime.now(UTC)).total_seconds()))


def ok(response: httpx.Response) -> Any:
    if response.status_code >= 300:
        raise SystemExit(f"{response.request.method} {response.request.url} → {response.status_code}: {response.text}")
    return response.json()


async def register_all(http: httpx.AsyncClient, count: int, concurrency: int) -> list[str]:
    gate = asyncio.Semaphore(concurrency)

    async def one(cvr: str) -> str:
        async with gate:
            body = {"name": f"Virksomhed {cvr}", "cvr": cvr, "email": f"tilbud@{cvr}.example.dk"}
            return str(ok(await http.post("/bidders", json=body))["id"])

    return list(await asyncio.gather(*(one(cvr) for cvr in valid_cvrs(count))))


async def submit_all(
    http: httpx.AsyncClient, tender_id: str, bidder_ids: list[str], concurrency: int
) -> tuple[float, list[float]]:
    """Every bidder's bid, `concurrency` at a time; returns the wall time and each request's latency."""
    gate = asyncio.Semaphore(concurrency)
    tokens = {b: bearer("bidder", f"tilbud@{b}.example.dk", b) for b in bidder_ids}  # minted before the clock
    bodies = {b: bid_body(n) for n, b in enumerate(bidder_ids)}
    latencies: list[float] = []

    async def one(bidder_id: str) -> None:
        async with gate:
            started = time.perf_counter()
            ok(await http.post(f"/tenders/{tender_id}/bids", json=bodies[bidder_id], headers=tokens[bidder_id]))
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(one(b) for b in bidder_ids))
    return time.perf_counter() - started, latencies


async def measure(url: str, clock: ServiceClock, arguments: argparse.Namespace) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        await until_ready(http)
        deadline = (
            (datetime.now(UTC) + timedelta(days=35))
            .astimezone(COPENHAGEN)
            .replace(hour=12, minute=0, second=0, microsecond=0)
        )
        tender_id = str(ok(await http.post("/tenders", json=tender_draft(deadline), headers=OFFICER))["id"])
        ok(await http.post(f"/tenders/{tender_id}/publish", headers=OFFICER))

        started = time.perf_counter()
        bidder_ids = await register_all(http, arguments.bids, arguments.concurrency)
        registering = time.perf_counter() - started
        print(f"  {len(bidder_ids)} bidders registered in {registering:.2f} s", flush=True)

        wall, latencies = await submit_all(http, tender_id, bidder_ids, arguments.concurrency)
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"  {len(latencies)} bids accepted in {wall:.2f} s: {len(latencies) / wall:.0f} bids/s "
            f"(latency median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"{arguments.concurrency} at a time)",
            flush=True,
        )

        clock.set_to(deadline)
        at_deadline = time.perf_counter()

        async def closed() -> bool:
            return ok(await http.get(f"/tenders/{tender_id}", headers=OFFICER))["status"] == "closed"

        await until(closed, "the tender to close", interval=0.01)
        to_closed = time.perf_counter() - at_deadline
        opened = ok(await http.get(f"/tenders/{tender_id}/bids", headers=OFFICER))
        to_read = time.perf_counter() - at_deadline
        if len(opened) != arguments.bids:
            raise SystemExit(f"{len(opened)} bids opened, {arguments.bids} submitted")
        print(
            f"  deadline → tender closed and {len(opened)} bids opened: {to_closed:.2f} s "
            f"(the clock looks every {arguments.deadline_poll} s); → the officer has read them all: {to_read:.2f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bids", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once")
    parser.add_argument("--deadline-poll", type=float, default=1.0, help="DEADLINE_POLL_SECONDS (the default: 1)")
    arguments = parser.parse_args()
    print(machine())
    with a_broker() as bootstrap, tempfile.TemporaryDirectory(prefix="bench-bids-") as name:
        folder = Path(name)
        clock = ServiceClock(folder / "clock-offset")
        environment = {
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "KAFKA_NAMESPACE": f"bench-bids-{int(time.time())}",
            "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'procurement.db'}",
            "VAULT_MASTER_KEY_FILE": str(folder / "vault.key"),
            "CLOCK_OFFSET_FILE": str(clock.offset_file),
            "DEADLINE_POLL_SECONDS": str(arguments.deadline_poll),
        }
        print(f"broker {bootstrap}; {arguments.bids} bids on one tender", flush=True)
        with service_process("procurement", environment, folder) as url:
            asyncio.run(measure(url, clock, arguments))
    print(f"measured with: {command_line()}")


if __name__ == "__main__":
    main()
