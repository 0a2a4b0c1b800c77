"""The committee: the officer assigns evaluators; an evaluator declares (no) conflict of interest and, cleared and
after the deadline, gives points with a written justification for each bid."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from services.portal.api.pages import (
    BackendDep,
    EvaluatorDep,
    OfficerDep,
    ShownLot,
    StepLot,
    ViewerDep,
    back_to_evaluation,
    lot_api,
)
from services.portal.domain import point_entries

router = APIRouter(prefix="/tenders/{tender_id}")


@router.post("/committee")
async def add_member(
    tender_id: str,
    evaluator_id: Annotated[str, Form()],
    officer: OfficerDep,
    backend: BackendDep,
    lot_id: ShownLot = None,
) -> RedirectResponse:
    await backend.post("procurement", f"/tenders/{tender_id}/committee", officer.token, {"evaluator_id": evaluator_id})
    return back_to_evaluation(tender_id, lot_id, "committee")


@router.post("/declaration")
async def declare(
    tender_id: str,
    viewer: ViewerDep,
    backend: BackendDep,
    has_conflict: Annotated[str, Form()],
    details: Annotated[str, Form()] = "",
    lot_id: ShownLot = None,
) -> RedirectResponse:
    body = {"has_conflict": has_conflict == "yes", "details": details.strip() or None}
    await backend.post("procurement", f"/tenders/{tender_id}/committee/declaration", viewer.token, body)
    return back_to_evaluation(tender_id, lot_id, "committee")


@router.post("/points")
async def give_points(
    request: Request,
    tender_id: str,
    viewer: EvaluatorDep,
    backend: BackendDep,
    lot_id: StepLot,
) -> RedirectResponse:
    """Each bid's points on each committee criterion, one entry at a time as procurement records them."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    for entry in point_entries(form):
        await backend.post("procurement", f"{lot_api(tender_id, lot_id)}/points", viewer.token, entry)
    return back_to_evaluation(tender_id, lot_id, "points")
