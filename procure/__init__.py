"""The `procure` command line: the one composition root above the services."""
