"""The HTTP operations a service's OpenAPI document lists, and whether each needs or merely reads a bearer token."""

import re
from dataclasses import dataclass

from fastapi import FastAPI

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # the template, e.g. /tenders/{tender_id}
    needs_token: bool  # 401 without one
    reads_token: bool  # a token given is checked (also where it is optional, like a published tender's page)

    def url(self, **values: str) -> str:
        """The path with each {parameter} filled from `values` (a placeholder where none is given)."""
        return re.sub(r"{(\w+)}", lambda m: values.get(m.group(1), f"unknown-{m.group(1)}"), self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def routes_of(app: FastAPI) -> list[Route]:
    found = []
    for path, operations in app.openapi()["paths"].items():
        for method in METHODS:
            if method in operations:
                schemes = {name for requirement in operations[method].get("security", []) for name in requirement}
                needs = "BearerToken" in schemes
                found.append(Route(method.upper(), path, needs, needs or "OptionalBearerToken" in schemes))
    return found
