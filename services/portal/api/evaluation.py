"""The officers' evaluation pages: the committee, the consensus on quality, compliance, the scoring run with its
stacked bars and sensitivity, and the award decision with the standstill and what each bidder is told."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from services.portal.api.pages import BackendDep, OfficerDep, ViewerDep, render, see_other
from services.portal.backend import Backend, BackendError
from services.portal.domain import stacked_bars

router = APIRouter(prefix="/tenders/{tender_id}")
LOT = "1"  # the editor makes one lot; a tender with several shows the first here


async def _or_none(call: Any) -> Any:
    """What a service answers, or None where it says there is nothing (yet): 404, or 409 while bids are sealed."""
    try:
        return await call
    except BackendError as refusal:
        if refusal.status in (404, 409):
            return None
        raise


async def _latest_run(backend: Backend, tender_id: str, token: str) -> dict[str, Any] | None:
    runs = await _or_none(backend.get("procurement", f"/tenders/{tender_id}/lots/{LOT}/evaluations", token)) or []
    return runs[-1] if runs else None


@router.get("/evaluation", response_class=HTMLResponse)
async def evaluation_page(request: Request, tender_id: str, viewer: ViewerDep, backend: BackendDep) -> HTMLResponse:
    token = viewer.token
    tender = await backend.get("procurement", f"/tenders/{tender_id}", token)
    committee = await _or_none(backend.get("procurement", f"/tenders/{tender_id}/committee", token)) or []
    bids = await _or_none(backend.get("procurement", f"/tenders/{tender_id}/bids", token))
    run = await _latest_run(backend, tender_id, token)
    model = tender["lots"][0]["evaluation_model"]
    weights = {c["id"]: Decimal(str(c["weight"])) for c in model["criteria"]}
    result = run["result"] if run and run.get("status") == "completed" else None
    bars = stacked_bars(result, weights, Decimal(str(model.get("scale_max", "10")))) if result else []
    names = {bid["bid_id"]: bid.get("bidder_name", bid["bidder_id"]) for bid in bids or []}
    award = await _or_none(backend.get("procurement", f"/tenders/{tender_id}/lots/{LOT}/award", token))
    return render(
        request,
        "evaluation.html",
        tender=tender,
        committee=committee,
        bids=bids,
        run=run,
        result=result,
        bars=bars,
        names=names,
        award=award,
        today=date.today().isoformat(),
    )


@router.post("/committee")
async def add_member(
    tender_id: str, evaluator_id: Annotated[str, Form()], officer: OfficerDep, backend: BackendDep
) -> RedirectResponse:
    await backend.post("procurement", f"/tenders/{tender_id}/committee", officer.token, {"evaluator_id": evaluator_id})
    return see_other(f"/tenders/{tender_id}/evaluation#committee")


@router.post("/consensus")
async def record_consensus(
    request: Request, tender_id: str, officer: OfficerDep, backend: BackendDep
) -> RedirectResponse:
    form = await request.form()
    bid_ids = [str(key).removeprefix("points_") for key in form if str(key).startswith("points_")]
    body = {
        "method": "konsensusmøde",
        "held_on": str(form.get("held_on", "")),
        "points": [
            {
                "bid_id": bid_id,
                "criterion_id": "quality",
                "points": str(form.get(f"points_{bid_id}", "")),
                "justification": str(form.get(f"justification_{bid_id}", "")),
            }
            for bid_id in bid_ids
        ],
    }
    await backend.post("procurement", f"/tenders/{tender_id}/lots/{LOT}/consensus", officer.token, body)
    return see_other(f"/tenders/{tender_id}/evaluation#consensus")


@router.post("/bids/{bid_id}/compliance")
async def mark_compliance(
    tender_id: str, bid_id: str, outcome: Annotated[str, Form()], officer: OfficerDep, backend: BackendDep
) -> RedirectResponse:
    mark = {"aspect": "compliance", "outcome": outcome}
    await backend.post("procurement", f"/tenders/{tender_id}/bids/{bid_id}/assessments", officer.token, mark)
    return see_other(f"/tenders/{tender_id}/evaluation#compliance")


@router.post("/evaluate")
async def run_evaluation(tender_id: str, officer: OfficerDep, backend: BackendDep) -> RedirectResponse:
    await backend.post("procurement", f"/tenders/{tender_id}/lots/{LOT}/evaluations", officer.token)
    return see_other(f"/tenders/{tender_id}/evaluation#result")


@router.post("/award")
async def decide_award(tender_id: str, officer: OfficerDep, backend: BackendDep) -> RedirectResponse:
    await backend.post("procurement", f"/tenders/{tender_id}/lots/{LOT}/award", officer.token, {})
    return see_other(f"/tenders/{tender_id}/evaluation#award")
