"""`python -m procure` is the `procure` command."""

from procure.cli import app

app()
