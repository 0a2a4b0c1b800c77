"""Wires the portal together: create_app(settings)."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles

from services.portal import api
from services.portal.api.pages import SignInNeeded, backend_refused, invalid_request, portal_refused, sign_in_needed
from services.portal.backend import Backend, BackendError
from services.portal.oidc import OidcClient
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

    trust = {"issuer": settings.auth_issuer, "audience": settings.auth_audience}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.auth_jwks_url:  # the provider's keys, fetched in a thread so the event loop goes on
            app.state.verifier = await asyncio.to_thread(TokenVerifier.from_url, settings.auth_jwks_url, **trust)
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
    # With a JWKS file (the development issuer's, say) the keys are read now; a provider's come in the lifespan.
    app.state.verifier = None if settings.auth_jwks_url else TokenVerifier.from_file(settings.auth_jwks_file, **trust)
    app.state.oidc = (
        OidcClient(
            settings.oidc_issuer,
            settings.oidc_client_id,
            settings.oidc_client_secret.get_secret_value(),
            settings.oidc_redirect_url,
        )
        if settings.oidc_issuer
        else None
    )
    app.state.secure_cookies = settings.secure_cookies
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in api.routers:
        app.include_router(router)
    app.add_exception_handler(SignInNeeded, sign_in_needed)
    app.add_exception_handler(BackendError, backend_refused)
    app.add_exception_handler(HTTPException, portal_refused)
    app.add_exception_handler(RequestValidationError, invalid_request)

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", include_in_schema=False)
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app
