"""Every service refuses a forged, stale or foreign bearer token with 401 on every route that reads one, and a
route that needs a token refuses a call without one."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from fastapi import FastAPI

from services.audit.main import create_app as audit_app
from services.audit.settings import Settings as AuditSettings
from services.notifications.main import create_app as notifications_app
from services.notifications.settings import Settings as NotificationsSettings
from services.procurement.main import create_app as procurement_app
from services.procurement.settings import Settings as ProcurementSettings
from services.scoring.main import create_app as scoring_app
from services.scoring.settings import Settings as ScoringSettings
from tests.support.bad_tokens import forged_tokens
from tests.support.component import InMemoryService, in_memory
from tests.support.identities import ISSUER, bearer
from tests.support.routes import routes_of


def sqlite(folder: Path, name: str) -> str:
    return f"sqlite+aiosqlite:///{folder / name}.db"


SERVICES: dict[str, Callable[[Path], FastAPI]] = {
    "procurement": lambda tmp: procurement_app(
        ProcurementSettings(
            database_url=sqlite(tmp, "procurement"), vault_master_key_file=tmp / "vault.key", log_json=False
        )
    ),
    "scoring": lambda tmp: scoring_app(ScoringSettings(database_url=sqlite(tmp, "scoring"), log_json=False)),
    "audit": lambda tmp: audit_app(AuditSettings(database_url=sqlite(tmp, "audit"), log_json=False)),
    "notifications": lambda tmp: notifications_app(
        NotificationsSettings(database_url=sqlite(tmp, "notifications"), log_json=False)
    ),
}


@pytest.fixture(params=sorted(SERVICES))
async def service(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[InMemoryService]:
    async with in_memory(SERVICES[request.param](tmp_path)) as running:
        yield running


async def test_forged_and_stale_tokens_are_refused_on_every_route_that_reads_one(
    service: InMemoryService, tmp_path: Path
) -> None:
    routes = [route for route in routes_of(service.app) if route.reads_token]
    assert routes, "a service with no authenticated route"
    accepted = []
    for forgery, token in forged_tokens(ISSUER, tmp_path).items():
        for route in routes:
            response = await service.http.request(
                route.method, route.url(), headers={"Authorization": f"Bearer {token}"}
            )
            if response.status_code != 401 or "Bearer" not in response.headers.get("www-authenticate", ""):
                accepted.append(f"{route} with {forgery}: {response.status_code}")
    assert accepted == []


async def test_a_route_that_needs_a_token_refuses_a_call_without_one_and_lets_a_good_one_past(
    service: InMemoryService,
) -> None:
    routes = [route for route in routes_of(service.app) if route.needs_token]
    without = {str(route): (await service.http.request(route.method, route.url())).status_code for route in routes}
    assert set(without.values()) == {401}, without
    for role in ("officer", "auditor"):
        with_token = {
            str(route): (await service.http.request(route.method, route.url(), headers=bearer(role, "x"))).status_code
            for route in routes
        }
        assert 401 not in with_token.values(), with_token
