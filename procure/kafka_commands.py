"""`procure kafka start|stop|status`: the local single-node Apache Kafka broker."""

import asyncio
import time

import typer
from rich.console import Console

from procure.local_kafka import REPO_ROOT, KafkaStartError, LocalKafka, answers
from shared.settings import KafkaSettings

app = typer.Typer(no_args_is_help=True, help="Run a local Apache Kafka broker (KRaft, from Maven Central jars).")
console = Console(stderr=True)


def local_broker(settings: KafkaSettings | None = None) -> LocalKafka:
    """The broker `procure` manages, on the port the settings name (KAFKA_BOOTSTRAP_SERVERS)."""
    settings = settings or KafkaSettings()
    port = int(settings.kafka_bootstrap_servers.rsplit(":", 1)[1])
    return LocalKafka(
        run_dir=REPO_ROOT / ".run" / f"kafka-{port}",
        port=port,
        controller_port=settings.kafka_controller_port,
        partitions=settings.kafka_partitions,
    )


@app.command()
def fetch() -> None:
    """Fetch the broker's jars from Maven Central into the cache (done by `start` when needed)."""
    console.print(f"Kafka jars in {local_broker().fetch_jars()}")


@app.command()
def start(timeout: float = typer.Option(90.0, help="Seconds to wait for the broker to answer.")) -> None:
    """Start the broker, or reuse the one already answering on the port."""
    broker = local_broker()
    began = time.monotonic()
    try:
        started = broker.start(timeout=timeout)
    except KafkaStartError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    verb = "started" if started else "already running"
    console.print(f"Kafka {verb} at {broker.bootstrap_servers} ({time.monotonic() - began:.1f} s)")


@app.command()
def stop() -> None:
    """Stop the broker that `procure kafka start` started."""
    broker = local_broker()
    console.print("Kafka stopped" if broker.stop() else f"No broker of ours runs on port {broker.port}")


@app.command()
def status() -> None:
    """Say whether a broker answers on the port and whether it is ours; exit 1 when none answers."""
    broker = local_broker()
    if not asyncio.run(answers(broker.bootstrap_servers, within=3.0)):
        console.print(f"No Kafka broker answers at {broker.bootstrap_servers}")
        raise typer.Exit(1)
    pid = broker.running_pid()
    owner = f"pid {pid}, log {broker.log_file}" if pid else "not started by procure"
    console.print(f"Kafka answers at {broker.bootstrap_servers} ({owner})")
