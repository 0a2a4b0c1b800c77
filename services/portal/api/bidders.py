"""The bidders' pages: registering the enterprise, computing one's own score under a tender's published model,
submitting, replacing or withdrawing the sealed bid with its receipt, and the inbox. A bidder's own data is found
through its token, never through an id in the address, so there is no other bidder's page to reach."""

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.datastructures import UploadFile as StarletteUpload

from services.portal.api.pages import (
    BackendDep,
    BidderDep,
    ShownLot,
    StepLot,
    Viewer,
    language_of,
    lot_or_404,
    render,
    see_other,
)
from services.portal.api.session import signed_in_response
from services.portal.backend import BackendError, or_none
from services.portal.domain import bars_for, bid_from_form, problems_by_field, scoring_request
from services.portal.texts import words

router = APIRouter()
# What a bid may carry: checked here, before the files are read and sent on base64-encoded (a third larger).
ATTACHED_FILES_AT_MOST = 10
ATTACHED_BYTES_AT_MOST = 10 * 1024 * 1024


@router.get("/register", response_class=HTMLResponse)
async def registration_form(request: Request) -> HTMLResponse:
    return render(request, "register.html", form={"country": "DK", "language": "da"}, problems={})


@router.post("/register", response_model=None)
async def register(request: Request, backend: BackendDep) -> HTMLResponse | RedirectResponse:
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    body: dict[str, Any] = {key: form[key] for key in ("name", "email", "language", "country") if form.get(key)}
    body |= {"cvr": form["cvr"]} if form.get("cvr") else {}
    body |= {"rsv_registered": form.get("rsv_registered") == "on"}
    try:
        created = await backend.post("procurement", "/bidders", None, body)
    except BackendError as refusal:
        if refusal.status != 422:
            raise
        return render(
            request,
            "register.html",
            status_code=422,
            form=form,
            problems=problems_by_field(refusal.problems, language_of(request)),
        )
    issuer = request.app.state.dev_issuer
    if issuer is None:  # in production the enterprise signs in with its own login (MitID Erhverv)
        return render(request, "registered.html", bidder_id=created["id"])
    token = issuer.mint(body["email"], "bidder", bidder_id=created["id"], name=body["name"])
    return signed_in_response(request, see_other("/tenders"), token)


async def _bid_page(
    request: Request,
    tender_id: str,
    lot_id: str | None,
    viewer: Viewer,
    backend: BackendDep,
    status_code: int = 200,
    **extra: Any,
) -> HTMLResponse:
    """The bidder's bid on one lot (the first unless `lot_id` names another), with the tender's other lots."""
    tender = await backend.get("procurement", f"/tenders/{tender_id}", viewer.token)
    lot = lot_or_404(tender, lot_id)
    mine = await or_none(_my_bid(backend, tender_id, lot["lot_id"], viewer))
    context = {"tender": tender, "lot": lot, "mine": mine, "form": {}, "problems": {}, **extra}
    return render(request, "bid.html", status_code=status_code, **context)


def _my_bid(backend: BackendDep, tender_id: str, lot_id: str, viewer: Viewer) -> Any:
    return backend.get("procurement", f"/tenders/{tender_id}/bids/mine", viewer.token, lot_id=lot_id)


@router.get("/tenders/{tender_id}/bid", response_class=HTMLResponse)
async def bid_page(
    request: Request, tender_id: str, viewer: BidderDep, backend: BackendDep, lot_id: ShownLot = None
) -> HTMLResponse:
    return await _bid_page(request, tender_id, lot_id, viewer, backend)


@router.post("/tenders/{tender_id}/bid", response_class=HTMLResponse)
async def submit_bid(
    request: Request, tender_id: str, viewer: BidderDep, backend: BackendDep, lot_id: StepLot
) -> HTMLResponse:
    posted = await request.form(max_files=ATTACHED_FILES_AT_MOST + 1)
    form = {key: value for key, value in posted.items() if isinstance(value, str)}
    if form.get("action") == "score":
        return await _own_score(request, tender_id, lot_id, viewer, backend, form)
    uploads = [  # a file input left empty sends a nameless part
        upload for upload in posted.getlist("attachments") if isinstance(upload, StarletteUpload) and upload.filename
    ]
    if len(uploads) > ATTACHED_FILES_AT_MOST or sum(u.size or 0 for u in uploads) > ATTACHED_BYTES_AT_MOST:
        too_much = {"attachments": [words(language_of(request))["attachments_too_large"]]}
        return await _bid_page(request, tender_id, lot_id, viewer, backend, 422, form=form, problems=too_much)
    files = [(u.filename or "", u.content_type or "application/octet-stream", await u.read()) for u in uploads]
    bid = {"lot_id": lot_id, **bid_from_form(form, files)}
    try:
        receipt = await backend.post("procurement", f"/tenders/{tender_id}/bids", viewer.token, bid)
    except BackendError as refusal:
        if refusal.status != 422:
            raise
        problems = problems_by_field(refusal.problems, language_of(request), form)
        return await _bid_page(request, tender_id, lot_id, viewer, backend, 422, form=form, problems=problems)
    tender = await backend.get("procurement", f"/tenders/{tender_id}", viewer.token)
    lot = lot_or_404(tender, lot_id)
    return render(request, "receipt.html", tender=tender, lot=lot, receipt=receipt, status_code=201)


async def _own_score(
    request: Request, tender_id: str, lot_id: str, viewer: Viewer, backend: BackendDep, form: dict[str, str]
) -> HTMLResponse:
    """The bid as typed, scored by the scoring service under the lot's frozen model (and beside the other
    bids the bidder imagines, since relative methods score against them). Nothing is sent or stored."""
    tender = await backend.get("procurement", f"/tenders/{tender_id}", viewer.token)
    model = lot_or_404(tender, lot_id)["evaluation_model"]
    yours = {"name": "Dit tilbud", "cvr": "", "price": bid_from_form(form)["price"], **_fields(form, "")}
    others = [
        {"name": f"Andet tilbud {n}", "cvr": "", **_fields(form, f"other{n}_")}
        for n in (1, 2)
        if form.get(f"other{n}_price", "").strip()
    ]
    document = scoring_request(model, [yours, *others])
    try:
        result = await backend.post("scoring", "/evaluations/preview", viewer.token, document)
    except BackendError as refusal:
        if refusal.status != 422:
            raise
        problems = refusal.problems
        return await _bid_page(request, tender_id, lot_id, viewer, backend, 422, form=form, score_problems=problems)
    bars = bars_for(result, model)
    names = {f"sample{n}": bid["bidder"]["name"] for n, bid in enumerate(document["bids"])}
    score = {"bars": bars, "names": names}
    return await _bid_page(request, tender_id, lot_id, viewer, backend, form=form, score=score)


def _fields(form: dict[str, str], prefix: str) -> dict[str, str]:
    names = ("price", "quality", "ltu", "flexjob", "apprentice")
    return {name: form.get(f"{prefix}{name}", "").strip() or "0" for name in names}


@router.post("/tenders/{tender_id}/bid/withdraw")
async def withdraw(tender_id: str, viewer: BidderDep, backend: BackendDep, lot_id: StepLot) -> RedirectResponse:
    await backend.delete("procurement", f"/tenders/{tender_id}/bids/mine", viewer.token, lot_id=lot_id)
    return see_other(f"/tenders/{tender_id}/bid?lot={quote(lot_id)}")


@router.get("/tenders/{tender_id}/bid/content.json")
async def bid_content(tender_id: str, viewer: BidderDep, backend: BackendDep, lot_id: StepLot) -> JSONResponse:
    """The bid's content exactly as procurement received it: what the commitment was computed over."""
    mine = await _my_bid(backend, tender_id, lot_id, viewer)
    return JSONResponse(mine["content"], headers={"Content-Disposition": 'attachment; filename="mit-tilbud.json"'})


@router.get("/inbox", response_class=HTMLResponse)
async def inbox(request: Request, viewer: BidderDep, backend: BackendDep) -> HTMLResponse:
    messages = await or_none(
        backend.get("notifications", f"/recipients/{viewer.identity.bidder_id}/inbox", viewer.token)
    )
    return render(request, "inbox.html", messages=messages or [])
