"""`procure kafka start|stop|status`: the local single-node Apache Kafka broker."""

import typer

app = typer.Typer(no_args_is_help=True, help="Run a local Apache Kafka broker (KRaft, from Maven Central jars).")
