"""The officers' tender pages: the list, the editor, a tender with its warnings and questions, publishing."""

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from services.portal.api.pages import BackendDep, OfficerDep, Viewer, ViewerDep, language_of, render, see_other
from services.portal.backend import Backend, BackendError
from services.portal.domain import (
    CRITERIA,
    PRICE_METHODS,
    bars_for,
    deadline_of,
    editor_form,
    preview_request,
    problems_by_field,
    sample_bids,
    tender_draft,
    tender_matches,
    weights_total,
)
from services.portal.texts import words

router = APIRouter()
PROCEDURES = (
    *("open", "restricted", "negotiation", "competitive_dialogue", "innovation_partnership"),
    *("light_regime", "below_threshold", "pilot_purchase"),
)
CONTRACT_TYPES = ("services", "supplies", "works")
RESERVATIONS = ("none", "art20", "art77")


@router.get("/")
async def home() -> RedirectResponse:
    return see_other("/tenders")


@router.get("/tenders", response_class=HTMLResponse)
async def tender_list(
    request: Request, viewer: ViewerDep, backend: BackendDep, cpv: str = "", social: bool = False
) -> HTMLResponse:
    tenders = await backend.get("procurement", "/tenders", viewer.token)
    shown = [tender for tender in tenders if tender_matches(tender, cpv, social)]
    return render(request, "tenders.html", tenders=shown, cpv=cpv, social=social)


async def _newest_proxy_table(backend: Backend, token: str) -> dict[str, Any] | None:
    """The newest proxy table with its rows: what a tender saved now would freeze its social values from."""
    tables = await backend.get("procurement", "/proxy-tables", token)
    return await backend.get("procurement", f"/proxy-tables/{tables[-1]['version']}", token) if tables else None


async def _editor(
    request: Request,
    officer: Viewer,
    backend: Backend,
    form: dict[str, str],
    problems: dict[str, list[str]],
    status: int = 200,
    preview: dict[str, Any] | None = None,
    editing: str | None = None,
) -> HTMLResponse:
    """The editor: a new tender's, or (`editing` its id) a saved draft's, beside the proxy values it would use."""
    weights = {c: form.get(f"weight_{c}", "") for c in CRITERIA}
    return render(
        request,
        "tender_new.html",
        status_code=status,
        form=form,
        problems=problems,
        samples=sample_bids(form),
        preview=preview or {},
        criteria=CRITERIA,
        weights_total=weights_total(weights),
        price_methods=PRICE_METHODS,
        procedures=PROCEDURES,
        contract_types=CONTRACT_TYPES,
        reservations=RESERVATIONS,
        editing=editing,
        proxy_table=await _newest_proxy_table(backend, officer.token),
    )


@router.get("/tenders/new", response_class=HTMLResponse)
async def new_tender(request: Request, officer: OfficerDep, backend: BackendDep) -> HTMLResponse:
    in_five_weeks = date.today() + timedelta(days=35)
    defaults = {
        "weight_price": "40",
        "weight_quality": "35",
        "weight_social": "25",
        "price_method": "absolute_anchored",
        "procedure": "open",
        "contract_type": "services",
        "deadline_date": in_five_weeks.isoformat(),
        "deadline_time": "12:00",
        "training_clause": "on",
    }
    return await _editor(request, officer, backend, defaults, {})


@router.post("/tenders/new", response_model=None)
async def create_tender(request: Request, officer: OfficerDep, backend: BackendDep) -> HTMLResponse | RedirectResponse:
    return await _save(request, officer, backend, editing=None)


@router.get("/tenders/{tender_id}/edit", response_class=HTMLResponse)
async def edit_draft(request: Request, tender_id: str, officer: OfficerDep, backend: BackendDep) -> HTMLResponse:
    """A saved draft in the editor, when the editor can show all of it."""
    tender = await backend.get("procurement", f"/tenders/{tender_id}", officer.token)
    t = words(language_of(request))
    if tender["status"] != "draft":
        raise HTTPException(409, t["only_drafts_edited"])
    form = editor_form(tender)
    if form is None:
        raise HTTPException(409, t["not_editable"])
    return await _editor(request, officer, backend, form, {}, editing=tender_id)


@router.post("/tenders/{tender_id}/edit", response_model=None)
async def revise_draft(
    request: Request, tender_id: str, officer: OfficerDep, backend: BackendDep
) -> HTMLResponse | RedirectResponse:
    return await _save(request, officer, backend, editing=tender_id)


async def _save(
    request: Request, officer: Viewer, backend: Backend, editing: str | None
) -> HTMLResponse | RedirectResponse:
    """The editor's form saved as a new draft, or over the draft being edited; shown again with its problems."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    if form.get("action") == "preview":
        return await _with_preview(request, officer, backend, form, editing)
    weights = weights_total({c: form.get(f"weight_{c}", "") for c in CRITERIA})
    if weights != 100:
        must = {"weights": [words(language_of(request))["weights_must"]]}
        return await _editor(request, officer, backend, form, must, status=422, editing=editing)
    try:
        if editing:
            await backend.put("procurement", f"/tenders/{editing}", officer.token, tender_draft(form))
        else:
            editing = (await backend.post("procurement", "/tenders", officer.token, tender_draft(form)))["id"]
    except BackendError as refusal:
        if refusal.status != 422:
            raise
        problems = problems_by_field(refusal.problems, language_of(request))
        return await _editor(request, officer, backend, form, problems, status=422, editing=editing)
    return see_other(f"/tenders/{editing}")


async def _with_preview(
    request: Request, officer: Viewer, backend: Backend, form: dict[str, str], editing: str | None
) -> HTMLResponse:
    """The editor again, with the sample bids scored by the scoring service under the model as it stands."""
    newest = await _newest_proxy_table(backend, officer.token)
    if newest is None:
        raise HTTPException(409, words(language_of(request))["no_proxy_table"])
    document = preview_request(form, newest["adjusted_value_dkk"])
    try:
        result = await backend.post("scoring", "/evaluations/preview", officer.token, document, sensitivity="true")
    except BackendError as refusal:
        if refusal.status != 422:
            raise
        problems = {"problems": refusal.problems}
        return await _editor(request, officer, backend, form, {}, preview=problems, editing=editing)
    names = {f"sample{n}": sample["name"] for n, sample in enumerate(sample_bids(form))}
    preview = {"result": result, "bars": bars_for(result, document), "names": names}
    return await _editor(request, officer, backend, form, {}, preview=preview, editing=editing)


@router.get("/tenders/{tender_id}", response_class=HTMLResponse)
async def tender_page(
    request: Request, tender_id: str, viewer: ViewerDep, backend: BackendDep, published: bool = False
) -> HTMLResponse:
    tender = await backend.get("procurement", f"/tenders/{tender_id}", viewer.token)
    questions: list[dict[str, Any]] = await backend.get("procurement", f"/tenders/{tender_id}/questions", viewer.token)
    amendments = await backend.get("procurement", f"/tenders/{tender_id}/amendments", viewer.token)
    proxy_values = tender["lots"][0]["evaluation_model"].get("proxy_values", {}) if tender["lots"] else {}
    return render(
        request,
        "tender.html",
        tender=tender,
        questions=questions,
        amendments=amendments,
        proxy_values=proxy_values,
        published=published,
    )


@router.post("/tenders/{tender_id}/amendments")
async def amend(request: Request, tender_id: str, officer: OfficerDep, backend: BackendDep) -> RedirectResponse:
    """An amendment as bidders will read it; a new deadline, description or English summary if given."""
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    body: dict[str, Any] = {"summary": form.get("summary", "")}
    body |= {field: form[field] for field in ("summary_en", "description") if form.get(field)}
    if form.get("deadline_date"):
        body["deadline"] = deadline_of(form)
    await backend.post("procurement", f"/tenders/{tender_id}/amendments", officer.token, body)
    return see_other(f"/tenders/{tender_id}#amendments")


@router.post("/tenders/{tender_id}/cancel")
async def cancel(
    tender_id: str, reason: Annotated[str, Form()], officer: OfficerDep, backend: BackendDep
) -> RedirectResponse:
    await backend.post("procurement", f"/tenders/{tender_id}/cancel", officer.token, {"reason": reason})
    return see_other(f"/tenders/{tender_id}")


@router.post("/tenders/{tender_id}/publish")
async def publish(tender_id: str, officer: OfficerDep, backend: BackendDep) -> RedirectResponse:
    await backend.post("procurement", f"/tenders/{tender_id}/publish", officer.token)
    return see_other(f"/tenders/{tender_id}?published=true")


@router.post("/tenders/{tender_id}/questions/{question_id}/answer")
async def answer(
    tender_id: str, question_id: str, answer: Annotated[str, Form()], officer: OfficerDep, backend: BackendDep
) -> RedirectResponse:
    path = f"/tenders/{tender_id}/questions/{question_id}/answer"
    await backend.post("procurement", path, officer.token, {"answer": answer})
    return see_other(f"/tenders/{tender_id}#questions")
