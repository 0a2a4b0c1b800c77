"""`procure token ROLE SUBJECT`: a development bearer token from the local issuer (`.run/auth/`)."""

from typing import TYPE_CHECKING

import typer

from procure.local_kafka import REPO_ROOT

ROLES = ("officer", "evaluator", "bidder", "auditor")  # as shared.tokens names them; a test holds the two alike

if TYPE_CHECKING:
    from shared.tokens import DevelopmentIssuer

DEVELOPMENT_ISSUER_DIR = REPO_ROOT / ".run" / "auth"


def development_issuer() -> "DevelopmentIssuer":
    """The local issuer; its key pair and `jwks.json` are created on first use."""
    from shared.tokens import DevelopmentIssuer

    return DevelopmentIssuer(DEVELOPMENT_ISSUER_DIR)


def command(
    role: str = typer.Argument(..., help=f"One of: {', '.join(ROLES)}"),
    subject: str = typer.Argument(..., help="Who the token is for, e.g. anne.officer@kolding.dk"),
    bidder_id: str = typer.Option(None, "--bidder-id", help="For a bidder: the enterprise it acts for"),
    name: str = typer.Option(None, help="A display name"),
    hours: float = typer.Option(8.0, help="How long the token is valid"),
) -> None:
    """Print a development token; services trust it when AUTH_JWKS_FILE is the issuer's jwks.json (the default)."""
    if role not in ROLES:
        typer.echo(f"role must be one of {', '.join(ROLES)}", err=True)
        raise typer.Exit(2)
    if role == "bidder" and not bidder_id:
        typer.echo("a bidder's token names the enterprise it acts for: --bidder-id", err=True)
        raise typer.Exit(2)
    token = development_issuer().mint(subject, role, bidder_id=bidder_id, name=name, lifetime_seconds=int(hours * 3600))
    typer.echo(token)
