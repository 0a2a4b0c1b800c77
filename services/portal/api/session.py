"""Signing in and out, and the language switch. In development the sign-in page offers a demo user per role and
mints its token with the local development issuer; in production the identity provider signs users in."""

from typing import Annotated

import structlog
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from services.portal import oidc
from services.portal.api.pages import LANGUAGE_COOKIE, TOKEN_COOKIE, render, see_other
from services.portal.domain import DEMO_USERS
from services.portal.oidc import OidcClient
from services.portal.texts import LANGUAGES
from shared.tokens import DevelopmentIssuer

router = APIRouter()
log = structlog.get_logger(__name__)
PENDING_COOKIE = "procure_sign_in"
ID_TOKEN_COOKIE = "procure_id_token"  # kept only to tell the provider whose session to end on signing out


def _safe(next_path: str | None) -> str:
    """Only a path on this site: a sign-in link must not send anyone elsewhere."""
    return next_path if next_path and next_path.startswith("/") and not next_path.startswith("//") else "/tenders"


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_page(request: Request, next: str | None = None) -> HTMLResponse:
    issuer: DevelopmentIssuer | None = request.app.state.dev_issuer
    users = DEMO_USERS if issuer else []
    return render(request, "sign_in.html", users=users, oidc=request.app.state.oidc is not None, next=_safe(next))


@router.get("/sign-in/oidc")
async def sign_in_with_provider(request: Request, next: str | None = None) -> RedirectResponse:
    client: OidcClient | None = request.app.state.oidc
    if client is None:
        raise HTTPException(404, "no identity provider is configured")
    pending = oidc.start(_safe(next))
    provider = await client.provider()
    target = oidc.authorization_url(provider, pending, client_id=client.client_id, redirect_uri=client.redirect_uri)
    response = RedirectResponse(target, status_code=303)
    secure = request.app.state.secure_cookies
    response.set_cookie(PENDING_COOKIE, pending.cookie(), httponly=True, samesite="lax", max_age=600, secure=secure)
    return response


@router.get("/sign-in/callback")
async def provider_callback(request: Request, code: str = "", state: str = "") -> RedirectResponse:
    client: OidcClient | None = request.app.state.oidc
    if client is None:
        raise HTTPException(404, "no identity provider is configured")
    try:
        pending = oidc.PendingSignIn.from_cookie(request.cookies.get(PENDING_COOKIE))
        signed_in = await client.finish(pending, code=code, state=state)
    except oidc.SignInFailed as failure:
        log.warning("oidc_sign_in_failed", reason=str(failure))
        raise HTTPException(400, f"sign-in failed: {failure}") from None
    response = signed_in_response(request, see_other(pending.next_path), signed_in.access_token)
    secure = request.app.state.secure_cookies
    response.set_cookie(
        ID_TOKEN_COOKIE, signed_in.id_token, httponly=True, samesite="lax", secure=secure, max_age=8 * 3600
    )
    response.delete_cookie(PENDING_COOKIE)
    return response


@router.post("/sign-in")
async def sign_in(
    request: Request, subject: Annotated[str, Form()], back_to: Annotated[str, Form(alias="next")] = "/tenders"
) -> RedirectResponse:
    issuer: DevelopmentIssuer | None = request.app.state.dev_issuer
    user = next((u for u in DEMO_USERS if u.subject == subject), None) if issuer else None
    if issuer is None or user is None:
        raise HTTPException(404, "no such demo user")
    token = issuer.mint(user.subject, user.role, name=user.name, lifetime_seconds=8 * 3600)
    return signed_in_response(request, see_other(_safe(back_to)), token)


def signed_in_response(request: Request, response: RedirectResponse, token: str) -> RedirectResponse:
    """The token as the session: HttpOnly (no script reads it), SameSite=Lax (no other site posts with it)."""
    response.set_cookie(
        TOKEN_COOKIE, token, httponly=True, samesite="lax", secure=request.app.state.secure_cookies, max_age=8 * 3600
    )
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> RedirectResponse:
    """Out of the portal, and, signed in through the provider, out of the provider's session as well (else the
    next sign-in would pass straight through on a shared computer)."""
    client: OidcClient | None = request.app.state.oidc
    at_provider = await client.sign_out_url(request.cookies.get(ID_TOKEN_COOKIE)) if client else None
    response = see_other(at_provider or "/sign-in")
    response.delete_cookie(TOKEN_COOKIE)
    response.delete_cookie(ID_TOKEN_COOKIE)
    return response


@router.get("/language/{language}")
async def choose_language(language: str, back: str = "/tenders") -> RedirectResponse:
    if language not in LANGUAGES:
        raise HTTPException(404, "no such language")
    response = see_other(_safe(back))
    response.set_cookie(LANGUAGE_COOKIE, language, samesite="lax", max_age=365 * 24 * 3600)
    return response
