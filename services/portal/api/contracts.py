"""Contracts and their social outcomes: the supplier reports each period's delivered outcomes (counts and
FTE-years with references to evidence, never who the people are); the officer verifies or rejects with a reason;
a rejected report is corrected by a new one."""

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from services.portal.api.pages import BackendDep, BidderDep, OfficerDep, ViewerDep, render, see_other
from services.portal.domain import decimal_or_none

router = APIRouter(prefix="/contracts")


@router.get("", response_class=HTMLResponse)
async def contract_list(request: Request, viewer: ViewerDep, backend: BackendDep) -> HTMLResponse:
    contracts = await backend.get("procurement", "/contracts", viewer.token)
    return render(request, "contracts.html", contracts=contracts)


@router.get("/{contract_id}", response_class=HTMLResponse)
async def contract_page(request: Request, contract_id: str, viewer: ViewerDep, backend: BackendDep) -> HTMLResponse:
    contract = await backend.get("procurement", f"/contracts/{contract_id}", viewer.token)
    reportable = [p for p in contract["periods"] if p["status"] in ("due", "late", "rejected")]
    return render(request, "contract.html", contract=contract, reportable=reportable)


@router.post("/{contract_id}/reports")
async def report(request: Request, contract_id: str, viewer: BidderDep, backend: BackendDep) -> RedirectResponse:
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    evidence = [item.strip() for item in form.get("evidence", "").split(",") if item.strip()]
    lines = [
        {"proxy": key.removeprefix("quantity_"), "quantity": value, "evidence": evidence}
        for key, value in form.items()
        if key.startswith("quantity_") and decimal_or_none(value) is not None
    ]
    if not form.get("period_index", "").isdigit():
        raise HTTPException(422, "period_index: choose one of the contract's reporting periods")
    period = int(form["period_index"])
    body: dict[str, Any] = {"period_index": period, "lines": lines}
    contract = await backend.get("procurement", f"/contracts/{contract_id}", viewer.token)
    own = [r for r in contract["reports"] if r["period_index"] == period]
    if own and own[-1]["status"] == "rejected":  # a new report for a rejected period is its correction
        body["corrects"] = own[-1]["report_id"]
    await backend.post("procurement", f"/contracts/{contract_id}/reports", viewer.token, body)
    return see_other(f"/contracts/{contract_id}#reports")


@router.post("/{contract_id}/reports/{report_id}/review")
async def review(
    request: Request, contract_id: str, report_id: str, officer: OfficerDep, backend: BackendDep
) -> RedirectResponse:
    form = await request.form()
    verified = form.get("verdict") == "verified"
    body = {"verified": verified, "reason": None if verified else str(form.get("reason", "")).strip() or None}
    await backend.post("procurement", f"/contracts/{contract_id}/reports/{report_id}/review", officer.token, body)
    return see_other(f"/contracts/{contract_id}#reports")
