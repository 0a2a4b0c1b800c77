"""The evaluation report of a tender, as HTML or PDF, in Danish or English."""

from typing import Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from services.procurement.api.dependencies import StoreDep, hide_drafts, tender_or_404
from services.procurement.report import assemble_report, render_html, render_pdf
from shared.access import require_role
from shared.runtime import RuntimeDep

router = APIRouter(
    prefix="/tenders/{tender_id}",
    tags=["evaluation report"],
    dependencies=[Depends(hide_drafts), Depends(require_role("officer", "auditor"))],
)
Language = Literal["da", "en"]


@router.get("/report", response_class=HTMLResponse, summary="The evaluation report (HTML), for officers and auditors")
async def report_html(tender_id: str, runtime: RuntimeDep, store: StoreDep, lang: Language = Query("da")) -> str:
    return render_html(await _report(tender_id, runtime, store), lang)


@router.get("/report.pdf", summary="The evaluation report (PDF), for officers and auditors")
async def report_pdf(tender_id: str, runtime: RuntimeDep, store: StoreDep, lang: Language = Query("da")) -> Response:
    pdf = render_pdf(await _report(tender_id, runtime, store), lang)
    return Response(
        pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{tender_id}.pdf"'}
    )


async def _report(tender_id: str, runtime: RuntimeDep, store: StoreDep) -> dict[str, object]:
    async with runtime.sessions() as session:
        tender = await tender_or_404(store, session, tender_id)
        return await assemble_report(session, store, tender)
