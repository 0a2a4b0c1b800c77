"""Wires the portal together: create_app(settings)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, HTTPException
from fastapi.staticfiles import StaticFiles

from services.portal import api
from services.portal.api.pages import SignInNeeded, backend_refused, portal_refused, sign_in_needed
from services.portal.backend import Backend, BackendError
from services.portal.settings import Settings
from shared.logging import configure_logging
from shared.tokens import DevelopmentIssuer, TokenVerifier

STATIC = Path(__file__).parent / "static"


def create_app(
    settings: Settings | None = None, *, transports: dict[str, httpx.AsyncBaseTransport] | None = None
) -> FastAPI:
    """`transports` lets tests reach services running in the same process without ports."""
    settings = settings or Settings()
    configure_logging(json=settings.log_json, level=settings.log_level)
    backend = Backend(settings, transports)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await backend.close()

    app = FastAPI(title="Portal", description="The officers' pages.", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.backend = backend
    # The development issuer (when configured) writes its JWKS on first use, so it comes before the verifier.
    app.state.dev_issuer = (
        DevelopmentIssuer(settings.dev_issuer_dir, issuer=settings.auth_issuer, audience=settings.auth_audience)
        if settings.dev_issuer_dir
        else None
    )
    trust = {"issuer": settings.auth_issuer, "audience": settings.auth_audience}
    # Built on first use, as the services do: an identity provider down at start-up does not stop the portal.
    app.state.verifier = None
    app.state.make_verifier = lambda: (
        TokenVerifier.from_url(settings.auth_jwks_url, **trust)
        if settings.auth_jwks_url
        else TokenVerifier.from_file(settings.auth_jwks_file, **trust)
    )
    app.state.secure_cookies = settings.secure_cookies
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in api.routers:
        app.include_router(router)
    app.add_exception_handler(SignInNeeded, sign_in_needed)
    app.add_exception_handler(BackendError, backend_refused)
    app.add_exception_handler(HTTPException, portal_refused)

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", include_in_schema=False)
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app
