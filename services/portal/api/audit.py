"""The auditors' pages: the decision log filtered (tender, event type, actor, time) and paged, a tender's
timeline, an entry with its payload and place in the chain, and the exports, all as the audit service answers
the auditor's own token."""

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.api.pages import AuditorDep, BackendDep, render

router = APIRouter(prefix="/audit")
FILTERS = ("tender_id", "event_type", "actor_id", "occurred_from", "occurred_to")


@router.get("", response_class=HTMLResponse)
async def log_page(request: Request, viewer: AuditorDep, backend: BackendDep, after: int = 0) -> HTMLResponse:
    filters = {name: request.query_params[name] for name in FILTERS if request.query_params.get(name)}
    page: dict[str, Any] = await backend.get("audit", "/entries", viewer.token, **filters, after=after, limit=50)
    status = await backend.get("audit", "/status", viewer.token)
    return render(request, "audit.html", page=page, filters=filters, status=status)


@router.get("/entries/{seq}", response_class=HTMLResponse)
async def entry_page(request: Request, seq: int, viewer: AuditorDep, backend: BackendDep) -> HTMLResponse:
    entry = await backend.get("audit", f"/entries/{seq}", viewer.token)
    return render(request, "audit_entry.html", entry=entry)


@router.get("/export/{tender_id}.{kind}")
async def export(tender_id: str, kind: str, viewer: AuditorDep, backend: BackendDep) -> Response:
    """A tender's entries as JSON Lines or CSV, to verify alone with `procure audit verify --from-export`."""
    if kind not in ("jsonl", "csv"):
        raise HTTPException(404, "no such export format")
    sent = await backend.download("audit", f"/exports/tenders/{tender_id}", viewer.token, format=kind)
    headers = {"Content-Disposition": f'attachment; filename="audit-{tender_id}.{kind}"'}
    return Response(sent.content, media_type=sent.headers.get("content-type"), headers=headers)


@router.get("/verification", response_class=HTMLResponse)
async def verification_page(request: Request, viewer: AuditorDep, backend: BackendDep) -> HTMLResponse:
    """The whole chain re-computed and the checkpoints' signatures checked, by the audit service."""
    report = await backend.get("audit", "/verification", viewer.token)
    return render(request, "audit_verification.html", report=report)


@router.get("/tenders/{tender_id}", response_class=HTMLResponse)
async def timeline_page(request: Request, tender_id: str, viewer: AuditorDep, backend: BackendDep) -> HTMLResponse:
    """Everything the log holds on one tender, in chain order, each step in words."""
    timeline = await backend.get("audit", f"/tenders/{tender_id}/timeline", viewer.token)
    return render(request, "audit_timeline.html", tender_id=tender_id, entries=timeline["entries"])


@router.get("/tenders/{tender_id}/recomputation", response_class=HTMLResponse)
async def recomputation_page(request: Request, tender_id: str, viewer: AuditorDep, backend: BackendDep) -> HTMLResponse:
    """A tender's evaluations re-checked from the log and re-run through the scoring engine, with the verdict."""
    report = await backend.get("audit", f"/tenders/{tender_id}/recomputation", viewer.token)
    return render(request, "audit_recomputation.html", report=report)
