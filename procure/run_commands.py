"""`procure serve`, `procure up` and `procure demo`: one service, the whole suite, or the suite and a scenario."""

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from procure.suite import PORTAL, SERVICES, Suite, SuiteError, serve, service_settings

if TYPE_CHECKING:
    from procure.mail_sink import MailSink

console = Console(width=None if Console().is_terminal else 140)

# Locally every loop may look often; static membership makes a restarted service rejoin at once.
LOCAL_ENVIRONMENT = {
    "KAFKA_INSTANCE_ID": "local",
    "OUTBOX_POLL_SECONDS": "0.2",
    "DEADLINE_POLL_SECONDS": "0.2",
    "DISPATCH_POLL_SECONDS": "0.2",
    "DEV_ISSUER_DIR": ".run/auth",  # the portal's demo users sign in with the local development issuer
}


def serve_command(service: str = typer.Argument(..., help=f"One of: {', '.join((*SERVICES, PORTAL))}")) -> None:
    """Run one service (its HTTP API, its Kafka subscribers and background jobs) until stopped."""
    try:
        serve(service)
    except ValueError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None


@contextmanager
def running_suite(extra_environment: dict[str, str] | None = None) -> Iterator[tuple[Suite, "MailSink"]]:
    """Kafka (reused if it runs), a mail sink on the notifications service's SMTP port, the four services and the
    portal."""
    from procure.mail_sink import MailSink
    from procure.token_command import development_issuer

    development_issuer()  # its keys (.run/auth/jwks.json) are what the services check tokens against

    smtp_port = int(os.environ.get("SMTP_PORT", service_settings("notifications").model_dump().get("smtp_port", 8025)))
    sink = MailSink(smtp_port, folder=Suite().run_dir / "mail")
    suite = Suite(environment={**LOCAL_ENVIRONMENT, "SMTP_PORT": str(smtp_port), **(extra_environment or {})})
    with sink:
        try:
            suite.start()
        except SuiteError as error:
            suite.stop()
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(1) from None
        try:
            yield suite, sink
        finally:
            suite.stop()


def up_command() -> None:
    """Bring the whole suite up on localhost and keep it running until Ctrl-C."""
    began = time.monotonic()
    with running_suite() as (suite, sink):
        table = Table(title=f"The suite is up ({time.monotonic() - began:.1f} s); Ctrl-C stops it")
        table.add_column("service")
        table.add_column("address")
        table.add_column("log")
        for service in suite.services:
            where = f"{service.url}  (sign in as a demo user)" if service.name == PORTAL else f"{service.url}/docs"
            table.add_row(service.name, where, str(service.log_file))
        table.add_row("mail sink", f"smtp://127.0.0.1:{sink.port}", str(suite.run_dir / "mail"))
        table.add_row(
            "tokens", "procure token officer anne@kolding.dk", "(or evaluator, auditor, bidder --bidder-id …)"
        )
        console.print(table)
        _wait_for_interrupt()


def demo_command() -> None:
    """Bring the suite up, run Kolding's park-maintenance tender from publication to award, and stop."""
    from procure.demo import Demo, DemoClock, DemoError

    began = time.monotonic()
    clock = DemoClock(Suite().run_dir / "demo-clock-offset")
    with running_suite({"CLOCK_OFFSET_FILE": str(clock.offset_file)}) as (suite, sink):
        console.print(f"The suite is up ({time.monotonic() - began:.1f} s).\n")
        try:
            Demo({name: suite.url(name) for name in SERVICES}, console, clock).run()
        except DemoError as error:
            console.print(f"[red]The demo failed: {error}[/red]\nService logs: {suite.run_dir / 'logs'}")
            raise typer.Exit(1) from None
        _show_mail(sink)
    console.print(f"\nDone in {time.monotonic() - began:.1f} s; everything the demo started is stopped.")


def _show_mail(sink: "MailSink") -> None:
    table = Table(title=f"E-mails the SMTP server accepted ({len(sink.received)})")
    for column in ("to", "subject", "Message-ID"):
        table.add_column(column)
    for mail in sink.received:
        table.add_row(", ".join(mail.recipients), mail.subject, mail.message_id)
    console.print(table)


def _wait_for_interrupt() -> None:
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    try:
        while not stop["now"]:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    console.print("Stopping …")
