"""Requests refused for a reason a person reads: said in English (the API's default and the logs' language) and in
Danish (what the portal shows a Danish user), side by side where the rule is, so neither drifts from the other."""

from datetime import datetime

from shared.clock import COPENHAGEN


class Refusal(Exception):
    def __init__(self, english: str, danish: str) -> None:
        super().__init__(english)
        self.english, self.danish = english, danish


class Conflict(Refusal):
    """A request the tender's state does not allow (HTTP 409)."""


class Forbidden(Refusal):
    """The acting user may not do this (HTTP 403)."""


STATUS_IN_DANISH = {
    "draft": "en kladde",
    "published": "offentliggjort",
    "closed": "lukket",
    "evaluated": "evalueret",
    "awarded": "tildelt",
    "cancelled": "annulleret",
    "submitted": "indsendt",
    "verified": "godkendt",
    "rejected": "afvist",
}


def danish_time(moment: datetime) -> str:
    """A moment as a Danish reader writes it, in Copenhagen time, to the millisecond (deadlines are that exact)."""
    local = moment.astimezone(COPENHAGEN)
    return f"{local:%d-%m-%Y} kl. {local:%H:%M:%S},{local.microsecond // 1000:03d}"
