"""Signing in and out, and the language switch. In development the sign-in page offers a demo user per role and
mints its token with the local development issuer; in production the identity provider signs users in."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from services.portal.api.pages import LANGUAGE_COOKIE, TOKEN_COOKIE, render, see_other
from services.portal.domain import DEMO_USERS
from services.portal.texts import LANGUAGES
from shared.tokens import DevelopmentIssuer

router = APIRouter()


def _safe(next_path: str | None) -> str:
    """Only a path on this site: a sign-in link must not send anyone elsewhere."""
    return next_path if next_path and next_path.startswith("/") and not next_path.startswith("//") else "/tenders"


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_page(request: Request, next: str | None = None) -> HTMLResponse:
    issuer: DevelopmentIssuer | None = request.app.state.dev_issuer
    return render(request, "sign_in.html", users=DEMO_USERS if issuer else [], next=_safe(next))


@router.post("/sign-in")
async def sign_in(
    request: Request, subject: Annotated[str, Form()], back_to: Annotated[str, Form(alias="next")] = "/tenders"
) -> RedirectResponse:
    issuer: DevelopmentIssuer | None = request.app.state.dev_issuer
    user = next((u for u in DEMO_USERS if u.subject == subject), None) if issuer else None
    if issuer is None or user is None:
        raise HTTPException(404, "no such demo user")
    token = issuer.mint(user.subject, user.role, name=user.name, lifetime_seconds=8 * 3600)
    response = see_other(_safe(back_to))
    response.set_cookie(
        TOKEN_COOKIE, token, httponly=True, samesite="lax", secure=request.app.state.secure_cookies, max_age=8 * 3600
    )
    return response


@router.post("/sign-out")
async def sign_out() -> RedirectResponse:
    response = see_other("/sign-in")
    response.delete_cookie(TOKEN_COOKIE)
    return response


@router.get("/language/{language}")
async def choose_language(language: str, back: str = "/tenders") -> RedirectResponse:
    if language not in LANGUAGES:
        raise HTTPException(404, "no such language")
    response = see_other(_safe(back))
    response.set_cookie(LANGUAGE_COOKIE, language, samesite="lax", max_age=365 * 24 * 3600)
    return response
