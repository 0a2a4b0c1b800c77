"""Benchmark of the notifications service: the time from an `AwardDecided` published on the real broker to the
last of 100 bidders' award e-mails accepted by an SMTP server.

Run from the repository root:  .venv/bin/python -m benchmarks.bench_notifications [--bidders 100] [--rounds 3]

The service runs as its own process (`python -m procure serve notifications`, its default dispatch settings
unless `--batch-size` is given) on the broker KAFKA_BOOTSTRAP_SERVERS names when one answers there, else on a
broker this benchmark starts for itself on free ports (and stops). The SMTP server (aiosmtpd) runs in this
process and notes the moment it accepts each message; the clock starts just before the award is published.
Each round publishes a new award decision (a new lot) to the same 100 registered bidders.
"""

import argparse
import asyncio
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from aiosmtpd.controller import Controller

from benchmarks.support import a_broker, bearer, command_line, free_port, machine, service_process, until, until_ready
from services.notifications.domain import notification_id
from shared import events
from shared.events import Actor, Event

REPO_ROOT = Path(__file__).resolve().parents[1]
OFFICER = Actor(kind="user", id="anne.officer@kolding.dk", role="officer")
TENDER_ID = "T-bench"
MESSAGE_ID_DOMAIN = "notifications.kolding.local"


class AcceptingSmtpServer:
    """Accepts every message and notes, by Message-ID, when it did (monotonic clock, shared with this process)."""

    def __init__(self) -> None:
        self.accepted_at: dict[str, float] = {}
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        headers = envelope.content.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
        message_id = next(
            (line.split(":", 1)[1].strip() for line in headers.splitlines() if line.lower().startswith("message-id:")),
            "",
        )
        with self.lock:
            self.accepted_at.setdefault(message_id, time.monotonic())
        return "250 2.0.0 Message accepted for delivery"


def envelope() -> dict[str, Any]:
    return {"occurred_at": datetime.now(UTC), "correlation_id": f"lifecycle-{TENDER_ID}", "actor": OFFICER}


def bidders(count: int) -> list[dict[str, str]]:
    return [
        {
            "bidder_id": f"b-{n:03}",
            "name": f"Socialøkonomisk Virksomhed {n}",
            "email": f"tilbud@v{n:03}.example.dk",
            "language": "en" if n % 5 == 0 else "da",
        }
        for n in range(count)
    ]


def publication() -> events.TenderPublished:
    criteria = [
        {"id": "price", "kind": "price"},
        {"id": "quality", "kind": "quality"},
        {"id": "social", "kind": "social"},
    ]
    payload = {
        "tender_id": TENDER_ID,
        "reference": "KOL-2026-100",
        "title": "Parkpleje i Kolding",
        "title_en": "Park maintenance in Kolding",
        "deadline": datetime.now(UTC) + timedelta(days=35),
        "lots": [
            {"lot_id": str(n), "title": f"Delaftale {n}", "evaluation_model": {"criteria": criteria}}
            for n in range(1, 10)
        ],
    }
    return events.TenderPublished(**envelope(), payload=payload)


def award(lot_id: str, registered: list[dict[str, str]]) -> events.AwardDecided:
    standings = []
    for rank, bidder in enumerate(registered, start=1):
        points = {"price": f"{10 - rank / 20:.2f}", "quality": "7", "social": "6"}
        advantages = (
            []
            if rank == 1
            else [
                {"criterion_id": "price", "winner_points": "9.95", "own_points": points["price"], "justification": None}
            ]
        )
        standings.append(
            {
                "bidder_id": bidder["bidder_id"],
                "bid_id": f"bid-{lot_id}-{bidder['bidder_id']}",
                "rank": rank,
                "total": f"{8 - rank / 50:.4f}",
                "points": points,
                "advantages": advantages,
            }
        )
    payload = {
        "tender_id": TENDER_ID,
        "lot_id": lot_id,
        "evaluation_request_id": f"e-{lot_id}",
        "winner_bid_id": standings[0]["bid_id"],
        "winner_bidder_id": registered[0]["bidder_id"],
        "winner_name": registered[0]["name"],
        "decided_at": datetime.now(UTC),
        "standings": standings,
    }
    return events.AwardDecided(**envelope(), payload=payload)


async def publish(producer: AIOKafkaProducer, namespace: str, *published: Event) -> None:
    for event in published:
        await producer.send_and_wait(
            f"{namespace}.{event.topic}",
            event.model_dump_json().encode(),
            key=event.key.encode(),
            headers=[(name, value.encode()) for name, value in event.headers().items()],
        )


@contextmanager
def notifications_service(
    bootstrap: str, namespace: str, smtp_port: int, folder: Path, batch_size: int | None
) -> Iterator[str]:
    """`procure serve notifications` as its own process; yields its base URL."""
    environment = {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "KAFKA_NAMESPACE": namespace,
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'notifications.db'}",
        "SMTP_PORT": str(smtp_port),
        **({"DISPATCH_BATCH_SIZE": str(batch_size)} if batch_size else {}),
    }
    with service_process("notifications", environment, folder) as url:
        yield url


async def measure(
    bootstrap: str, namespace: str, url: str, smtp: AcceptingSmtpServer, arguments: argparse.Namespace
) -> list[float]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        async with httpx.AsyncClient(base_url=url, headers=bearer("officer", OFFICER.id), timeout=5) as http:
            await until_ready(http)
            registered = bidders(arguments.bidders)
            registrations = [events.BidderRegistered(**envelope(), payload=b) for b in registered]
            await publish(producer, namespace, publication(), *registrations)

            async def directory_complete() -> bool:
                tender = (await http.get(f"/tenders/{TENDER_ID}/notifications")).json()
                if tender["reference"] is None:
                    return False
                return all([(await http.get(f"/recipients/{b['bidder_id']}")).status_code == 200 for b in registered])

            await until(directory_complete, "the tender and every bidder to be known")
            figures = []
            for round_number in range(1, arguments.rounds + 1):
                decided = award(str(round_number), registered)
                wanted = {
                    f"<{notification_id(str(decided.event_id), b['bidder_id'], 'email')}@{MESSAGE_ID_DOMAIN}>"
                    for b in registered
                }
                started = time.monotonic()
                await publish(producer, namespace, decided)

                async def all_accepted(wanted: set[str] = wanted) -> bool:
                    with smtp.lock:
                        return wanted <= smtp.accepted_at.keys()

                await until(all_accepted, f"round {round_number}'s e-mails")
                with smtp.lock:
                    last = max(smtp.accepted_at[message_id] for message_id in wanted)
                figures.append(last - started)
                print(f"  round {round_number}: {figures[-1]:.3f} s", flush=True)
            return figures
    finally:
        await producer.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bidders", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=None, help="DISPATCH_BATCH_SIZE (default: the service's)")
    arguments = parser.parse_args()
    command = command_line()
    print(machine())
    smtp = AcceptingSmtpServer()
    controller = Controller(smtp, hostname="127.0.0.1", port=free_port())
    namespace = f"bench-notify-{int(time.time())}"
    with a_broker() as bootstrap, tempfile.TemporaryDirectory(prefix="bench-notifications-") as folder:
        print(f"broker {bootstrap}; {arguments.bidders} bidders; {arguments.rounds} award decisions", flush=True)
        controller.start()
        try:
            with notifications_service(
                bootstrap, namespace, controller.port, Path(folder), arguments.batch_size
            ) as url:
                figures = asyncio.run(measure(bootstrap, namespace, url, smtp, arguments))
        finally:
            controller.stop()
    print(
        f"AwardDecided published → last of {arguments.bidders} award e-mails accepted by the SMTP server: "
        f"median {statistics.median(figures):.3f} s (best {min(figures):.3f} s, worst {max(figures):.3f} s)"
    )
    print(f"measured with: {command}")


if __name__ == "__main__":
    main()
