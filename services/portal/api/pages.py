"""What every page shares: the templates, the viewer (the signed-in user, from the token cookie), the language,
and the answer to a service that said no."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from services.portal.backend import Backend, BackendError
from services.portal.domain import chosen_lot, kroner, local_time, percent, points
from services.portal.texts import Language, words
from shared.tokens import Identity, InvalidToken, TokenVerifier

TOKEN_COOKIE = "procure_token"
LANGUAGE_COOKIE = "procure_lang"
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")
templates.env.filters |= {"copenhagen": local_time, "dkk": kroner, "percent": percent, "points": points}
# An event type ("procurement.bid-received", "dead-letter") as its words' key in texts.py: "ev_bid-received".
templates.env.filters["event_key"] = lambda event_type: "ev_" + str(event_type).rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Viewer:
    identity: Identity
    token: str

    @property
    def role(self) -> str:
        return self.identity.role


class SignInNeeded(Exception):
    """Raised by a page that needs a signed-in user; answered with a redirect to the sign-in page."""

    def __init__(self, back_to: str) -> None:
        self.back_to = back_to


def language_of(request: Request) -> Language:
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return "en" if chosen == "en" else "da"


def maybe_viewer(request: Request) -> Viewer | None:
    token = request.cookies.get(TOKEN_COOKIE)
    if not token:
        return None
    verifier: TokenVerifier | None = request.app.state.verifier
    if verifier is None:
        return None  # the provider's keys are not loaded (the app's lifespan loads them)
    try:
        return Viewer(verifier.verify(token), token)
    except InvalidToken:
        return None  # expired or foreign: as if signed out


def viewer(request: Request) -> Viewer:
    found = maybe_viewer(request)
    if found is None:
        raise SignInNeeded(request.url.path)
    return found


def signed_in_as(role: str) -> Callable[[Viewer], Viewer]:
    """A page's gate for one role; the refusal's detail is the role, which the error page names in words. A
    bidder acts for its enterprise, so its token must name it."""

    def gate(signed_in: Annotated[Viewer, Depends(viewer)]) -> Viewer:
        if signed_in.role != role or (role == "bidder" and not signed_in.identity.bidder_id):
            raise HTTPException(403, role)
        return signed_in

    return gate


def backend(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found


ViewerDep = Annotated[Viewer, Depends(viewer)]
OfficerDep = Annotated[Viewer, Depends(signed_in_as("officer"))]
EvaluatorDep = Annotated[Viewer, Depends(signed_in_as("evaluator"))]
BidderDep = Annotated[Viewer, Depends(signed_in_as("bidder"))]
AuditorDep = Annotated[Viewer, Depends(signed_in_as("auditor"))]
BackendDep = Annotated[Backend, Depends(backend)]
# A page is about one lot of the tender: the one in `?lot=`, else the first. A step on a lot names it always.
ShownLot = Annotated[str | None, Query(alias="lot", description="The lot's id; the tender's first lot without it")]
StepLot = Annotated[str, Query(alias="lot", description="The lot the step is for")]


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    language = language_of(request)
    shared = {"t": words(language), "lang": language, "viewer": maybe_viewer(request), "path": request.url.path}
    return templates.TemplateResponse(request, template, {**shared, **context}, status_code=status_code)


def see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def lot_api(tender_id: str, lot_id: str) -> str:
    """The procurement API's path of a lot; the id, as typed in an address, quoted to stay one path segment."""
    return f"/tenders/{tender_id}/lots/{quote(lot_id, safe='')}"


def lot_or_404(tender: dict[str, Any], lot_id: str | None) -> dict[str, Any]:
    lot = chosen_lot(tender, lot_id)
    if lot is None:
        raise HTTPException(404, "no_such_lot")
    return lot


def back_to_evaluation(tender_id: str, lot_id: str | None, section: str) -> RedirectResponse:
    """After an officer's or evaluator's step: the lot's evaluation page, at the section the step changed."""
    lot = f"?lot={quote(lot_id)}" if lot_id else ""
    return see_other(f"/tenders/{tender_id}/evaluation{lot}#{section}")


async def sign_in_needed(request: Request, error: Exception) -> RedirectResponse:
    assert isinstance(error, SignInNeeded)
    return see_other(f"/sign-in?next={quote(error.back_to)}")


async def backend_refused(request: Request, error: Exception) -> HTMLResponse:
    """A service's refusal, shown as it is: its status and its words, in the reader's language where the service
    says it in both."""
    assert isinstance(error, BackendError)
    detail = error.in_language(language_of(request))
    return render(request, "error.html", status_code=error.status, status=error.status, detail=detail)


async def portal_refused(request: Request, error: Exception) -> HTMLResponse:
    """The portal's own refusal, in words: one for want of a role (its detail is the role) says which role; a
    detail that is a key of the texts is said in the reader's language."""
    assert isinstance(error, HTTPException)
    t = words(language_of(request))
    role = t.get(f"role_{error.detail}")
    detail = (
        t["needs_role"].format(role=role) if error.status_code == 403 and role else t.get(error.detail, error.detail)
    )
    return render(request, "error.html", status_code=error.status_code, status=error.status_code, detail=detail)


async def invalid_request(request: Request, error: Exception) -> HTMLResponse:
    """A form or address the portal cannot read: each field and what is wrong with it, as a page (422)."""
    assert isinstance(error, RequestValidationError)
    named = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in error.errors())
    return render(request, "error.html", status_code=422, status=422, detail=named)
