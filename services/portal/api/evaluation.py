"""The evaluation page and the officer's steps on it: the consensus on quality, compliance, the scoring run with
its stacked bars and sensitivity, the award with what each bidder will be told, the contract, the report."""

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.api.pages import (
    BackendDep,
    OfficerDep,
    ShownLot,
    StepLot,
    ViewerDep,
    back_to_evaluation,
    lot_api,
    lot_or_404,
    render,
)
from services.portal.backend import Backend, or_none
from services.portal.domain import (
    ASSESSMENTS,
    bars_for,
    latest_assessments,
    notice_previews,
    point_entries,
    sensitivity_rows,
)

router = APIRouter(prefix="/tenders/{tender_id}")


async def _sensitivity(backend: Backend, run: dict[str, Any] | None, token: str) -> dict[str, Any] | None:
    """The winner's margin on each weight: the run's own request evaluated again by scoring, with sensitivity."""
    if not run or run.get("status") != "completed" or not run.get("request"):
        return None
    answered = await or_none(backend.post("scoring", "/evaluations/preview", token, run["request"], sensitivity="true"))
    return answered.get("sensitivity") if answered else None


@router.get("/evaluation", response_class=HTMLResponse)
async def evaluation_page(
    request: Request, tender_id: str, viewer: ViewerDep, backend: BackendDep, lot_id: ShownLot = None
) -> HTMLResponse:
    """One lot's evaluation (the first lot's unless `lot` names another), with links to the tender's other lots."""
    token, base = viewer.token, f"/tenders/{tender_id}"
    tender = await backend.get("procurement", base, token)
    lot = lot_or_404(tender, lot_id)
    lot_path = lot_api(tender_id, lot["lot_id"])
    runs = await or_none(backend.get("procurement", f"{lot_path}/evaluations", token)) or []
    run = runs[-1] if runs else None
    result = run["result"] if run and run.get("status") == "completed" else None
    model = lot["evaluation_model"]
    weights = {c["id"]: Decimal(str(c["weight"])) for c in model["criteria"]}  # for the sensitivity rows
    opened = await or_none(backend.get("procurement", f"{base}/bids", token))
    bids = None if opened is None else [bid for bid in opened if bid["lot_id"] == lot["lot_id"]]
    award = await or_none(backend.get("procurement", f"{lot_path}/award", token))
    sensitivity = await _sensitivity(backend, run, token)
    leader = result["ranking"][0]["bid_id"] if result and result["ranking"] else None
    winner = award["winner_bid_id"] if award else leader
    return render(
        request,
        "evaluation.html",
        tender=tender,
        lot=lot,
        committee=await or_none(backend.get("procurement", f"{base}/committee", token)) or [],
        given_points=await or_none(backend.get("procurement", f"{lot_path}/points", token)) or [],
        committee_criteria=[c["id"] for c in model["criteria"] if c["kind"] != "price" and c["method"] in COMMITTEE],
        bids=bids,
        names={bid["bid_id"]: bid.get("bidder_name", bid["bidder_id"]) for bid in bids or []},
        run=run,
        result=result,
        bars=bars_for(result, model) if result else [],
        sensitivity=sensitivity_rows(sensitivity, weights) if sensitivity else [],
        notices=notice_previews(result, winner) if result and winner else [],
        award=award,
        assessed=latest_assessments(await or_none(backend.get("procurement", f"{base}/assessments", token)) or []),
        assessments=ASSESSMENTS,
        contract=await or_none(backend.get("procurement", f"{lot_path}/contract", token)),
        today=date.today().isoformat(),
    )


COMMITTEE = ("direct", "relative_to_best")  # the methods scored from the committee's points


@router.post("/consensus")
async def record_consensus(
    request: Request, tender_id: str, officer: OfficerDep, backend: BackendDep, lot_id: StepLot
) -> RedirectResponse:
    form = {key: str(value) for key, value in (await request.form()).items()}
    entries = point_entries(form)
    body = {"method": "konsensusmøde", "held_on": form.get("held_on", ""), "points": entries}
    await backend.post("procurement", f"{lot_api(tender_id, lot_id)}/consensus", officer.token, body)
    return back_to_evaluation(tender_id, lot_id, "consensus")


@router.post("/bids/{bid_id}/assessments")
async def assess(
    request: Request, tender_id: str, bid_id: str, officer: OfficerDep, backend: BackendDep, lot_id: ShownLot = None
) -> RedirectResponse:
    """One step of a bid's assessment (compliance, documentation, eligibility, an abnormally low price), with the
    reason procurement asks for when the step goes against the bid."""
    form = await request.form()
    aspect, _, outcome = str(form.get("assessment", "")).partition(":")
    mark = {"aspect": aspect, "outcome": outcome, "reason": str(form.get("reason", "")).strip() or None}
    await backend.post("procurement", f"/tenders/{tender_id}/bids/{bid_id}/assessments", officer.token, mark)
    return back_to_evaluation(tender_id, lot_id, "assessments")


@router.post("/evaluate")
async def run_evaluation(tender_id: str, officer: OfficerDep, backend: BackendDep, lot_id: StepLot) -> RedirectResponse:
    await backend.post("procurement", f"{lot_api(tender_id, lot_id)}/evaluations", officer.token)
    return back_to_evaluation(tender_id, lot_id, "result")


@router.post("/award")
async def decide_award(
    request: Request, tender_id: str, officer: OfficerDep, backend: BackendDep, lot_id: StepLot
) -> RedirectResponse:
    """The award to the first-ranked bid, or to another one the officer chooses with the reason why."""
    form = await request.form()
    choice = {"bid_id": str(form.get("bid_id", "")) or None, "reason": str(form.get("reason", "")).strip() or None}
    await backend.post("procurement", f"{lot_api(tender_id, lot_id)}/award", officer.token, choice)
    return back_to_evaluation(tender_id, lot_id, "award")


@router.post("/contract")
async def sign_contract(tender_id: str, officer: OfficerDep, backend: BackendDep, lot_id: StepLot) -> RedirectResponse:
    """Refused by procurement during the standstill, with its reason shown."""
    await backend.post("procurement", f"{lot_api(tender_id, lot_id)}/contract", officer.token)
    return back_to_evaluation(tender_id, lot_id, "contract")


@router.get("/report.pdf")
async def evaluation_report(tender_id: str, viewer: ViewerDep, backend: BackendDep) -> Response:
    sent = await backend.download("procurement", f"/tenders/{tender_id}/report.pdf", viewer.token)
    headers = {"Content-Disposition": sent.headers.get("content-disposition", "inline")}
    return Response(sent.content, media_type=sent.headers.get("content-type", "application/pdf"), headers=headers)
