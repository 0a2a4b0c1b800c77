"""The `procure` command line: run the local Kafka broker, the services, and the offline tools."""

import typer

from procure import evaluate, kafka_commands

app = typer.Typer(no_args_is_help=True, add_completion=False, help="The social-clause procurement suite.")
app.add_typer(kafka_commands.app, name="kafka")
app.command("evaluate")(evaluate.command)
