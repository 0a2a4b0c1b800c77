"""The `procure` command line: run the local Kafka broker, the services, and the offline tools."""

import typer

from procure import (
    audit_commands,
    db_commands,
    evaluate,
    impact_command,
    kafka_commands,
    run_commands,
    standstill_command,
    token_command,
)

app = typer.Typer(no_args_is_help=True, add_completion=False, help="The social-clause procurement suite.")
app.add_typer(kafka_commands.app, name="kafka")
app.add_typer(audit_commands.app, name="audit")
app.add_typer(db_commands.app, name="db")
app.command("evaluate")(evaluate.command)
app.command("serve")(run_commands.serve_command)
app.command("up")(run_commands.up_command)
app.command("demo")(run_commands.demo_command)
app.command("token")(token_command.command)
app.command("standstill")(standstill_command.command)
app.command("impact")(impact_command.command)


@app.command()
def schemas(
    write: bool = typer.Option(False, "--write", help="Write the current schemas (refused if breaking)."),
) -> None:
    """Compare the events' JSON Schemas with the committed ones; exit 1 on a breaking change or a stale file."""
    from shared.events.schemas import compare_with_committed, write_schemas

    if write:
        try:
            written = write_schemas()
        except ValueError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from None
        typer.echo(f"{len(written)} schema file(s) written")
        return
    breaking = {topic: problems for topic, problems in compare_with_committed().items() if problems}
    for topic, problems in breaking.items():
        typer.echo(f"{topic}: " + "; ".join(problems), err=True)
    raise typer.Exit(1 if breaking else 0)
