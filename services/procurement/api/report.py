"""The evaluation report of a tender, as HTML or PDF, in Danish or English."""

from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from services.procurement import domain
from services.procurement.api.dependencies import StoreDep, tender_or_404
from services.procurement.report import assemble_report, render_html, render_pdf
from shared.access import ActorDep
from shared.runtime import RuntimeDep

router = APIRouter(prefix="/tenders/{tender_id}", tags=["evaluation report"])
Language = Literal["da", "en"]


@router.get("/report", response_class=HTMLResponse, summary="The evaluation report (HTML), for officers and auditors")
async def report_html(
    tender_id: str, actor: ActorDep, runtime: RuntimeDep, store: StoreDep, lang: Language = Query("da")
) -> str:
    return render_html(await _report(tender_id, actor, runtime, store), lang)


@router.get("/report.pdf", summary="The evaluation report (PDF), for officers and auditors")
async def report_pdf(
    tender_id: str, actor: ActorDep, runtime: RuntimeDep, store: StoreDep, lang: Language = Query("da")
) -> Response:
    pdf = render_pdf(await _report(tender_id, actor, runtime, store), lang)
    return Response(
        pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{tender_id}.pdf"'}
    )


async def _report(tender_id: str, actor: object, runtime: RuntimeDep, store: StoreDep) -> dict[str, object]:
    if getattr(actor, "role", None) not in ("officer", "auditor"):
        raise domain.Forbidden("the evaluation report is for officers and auditors")
    async with runtime.sessions() as session:
        tender = await tender_or_404(store, session, tender_id)
        return await assemble_report(session, store, tender)
