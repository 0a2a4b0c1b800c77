"""Social outcomes: the supplier reports per period what it delivered of its commitments; the officer verifies
or rejects each report; the measures show promised against delivered, per contract and in aggregate."""

import csv
import io
import uuid
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from services.procurement import domain
from services.procurement.api.dependencies import StoreDep, SuppliersContractDep, VisibleContractDep
from services.procurement.api.models import OutcomeReportDraft, OutcomeReview
from services.procurement.domain import impact
from services.procurement.impact_facts import as_json, contract_facts, measures_of, periods_of
from services.procurement.store import Contract, OutcomeReport, ProcurementStore
from shared import events
from shared.access import ActorDep, MaybeActorDep, OfficerDep
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep

router = APIRouter(tags=["social outcomes and impact"])


@router.get("/contracts", summary="Contracts: all for officers and auditors, its own for a supplier")
async def list_contracts(actor: ActorDep, runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        own = actor.bidder_id if actor.role == "bidder" else None
        if actor.role not in ("officer", "auditor", "bidder"):
            raise domain.Forbidden(
                "contracts are for officers, auditors and their suppliers",
                "kontrakter er for indkøbere, revisorer og deres leverandører",
            )
        return [c.model_dump(mode="json") for c in await store.contracts(session, own)]


@router.get("/contracts/{contract_id}", summary="A contract: its targets, reporting periods and reports")
async def get_contract(
    contract_id: str, contract: VisibleContractDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.sessions() as session:
        tender = await store.tender(session, contract.tender_id)
        reports = await store.outcome_reports(session, contract_id)
    assert tender is not None
    today = runtime.clock.now().date()
    return {
        **contract.model_dump(mode="json"),
        "periods": [_period(p, reports, today) for p in periods_of(tender)],
        "reports": [r.model_dump(mode="json") for r in reports],
    }


@router.post("/contracts/{contract_id}/reports", status_code=201, summary="The supplier reports a period's outcomes")
async def report_outcomes(
    contract_id: str,
    contract: SuppliersContractDep,
    body: OutcomeReportDraft,
    actor: ActorDep,
    runtime: RuntimeDep,
    store: StoreDep,
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await store.tender(session, contract.tender_id)
        assert tender is not None
        periods = periods_of(tender)
        reports = await store.outcome_reports(session, contract_id)
        problems = _report_problems(body, contract, periods, reports)
        if problems:
            raise InvalidInput(problems)
        now = runtime.clock.now()
        report = OutcomeReport(
            report_id=str(uuid.uuid4()),
            contract_id=contract_id,
            period_index=body.period_index,
            lines=[line.model_dump(mode="json") for line in body.lines],
            corrects=body.corrects,
            reported_at=now,
        )
        store.add(session, report)
        period = periods[body.period_index]
        payload = {
            "tender_id": tender.tender_id,
            "contract_id": contract_id,
            "report_id": report.report_id,
            "period_index": period.index,
            "period_start": period.start,
            "period_end": period.end,
            "lines": report.lines,
            "corrects": body.corrects,
            "reported_at": now,
        }
        transaction.emit(
            events.OutcomeReported(occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload)
        )
    return {"report_id": report.report_id, "status": report.status}


@router.post(
    "/contracts/{contract_id}/reports/{report_id}/review", summary="Verify a report, or reject it with a reason"
)
async def review_report(
    contract_id: str,
    report_id: str,
    contract: VisibleContractDep,
    body: OutcomeReview,
    actor: OfficerDep,
    runtime: RuntimeDep,
    store: StoreDep,
) -> dict[str, Any]:
    if not body.verified and not (body.reason or "").strip():
        raise InvalidInput([("body.reason", "a rejection needs a reason the supplier can act on")])
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        report = await store.outcome_report(session, report_id)
        if report is None or report.contract_id != contract_id:
            raise HTTPException(404, f"no report {report_id} on this contract")
        if report.status != "submitted":
            raise domain.Conflict(
                f"the report is {report.status} already",
                f"rapporten er allerede {domain.STATUS_IN_DANISH.get(report.status, report.status)}",
            )
        now = runtime.clock.now()
        report.status, report.reviewed_at, report.review_reason = (
            ("verified" if body.verified else "rejected"),
            now,
            body.reason,
        )
        store.add(session, report)
        tender = await store.tender(session, contract.tender_id)
        assert tender is not None
        payload = {
            "tender_id": tender.tender_id,
            "contract_id": contract_id,
            "report_id": report_id,
            "period_index": report.period_index,
            "verified": body.verified,
            "reason": body.reason,
            "reviewed_at": now,
        }
        transaction.emit(
            events.OutcomeReviewed(occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload)
        )
    return {"report_id": report_id, "status": report.status}


@router.get("/impact", summary="Promised against delivered: per contract, grouped, and the policy's three tracks")
async def impact_summary(
    actor: MaybeActorDep,
    runtime: RuntimeDep,
    store: StoreDep,
    year: int | None = Query(None),
    group_by: Literal["supplier_type", "procedure", "year"] = Query("supplier_type"),
) -> dict[str, Any]:
    measures = await all_measures(runtime, store, year)
    return as_json(
        {
            "year": year,
            "contracts": measures,
            "groups": impact.group(measures, group_by),
            "tracks": impact.tracks(measures),
        }
    )


@router.get("/impact/export.json", summary="Every measure, for researchers and a knowledge centre (JSON)")
async def export_json(runtime: RuntimeDep, store: StoreDep, year: int | None = Query(None)) -> dict[str, Any]:
    measures = await all_measures(runtime, store, year)
    return as_json(
        {
            "contracts": measures,
            "tracks": impact.tracks(measures),
            "groups": {by: impact.group(measures, by) for by in ("supplier_type", "procedure", "year")},
        }
    )


CSV_COLUMNS = (
    *("contract_id", "tender_id", "supplier", "social_economy", "procedure", "year", "behind_schedule", "proxy"),
    *("promised", "delivered", "dkk_per_unit", "promised_dkk", "delivered_dkk", "dkk_per_unit_gross"),
    *("promised_dkk_gross", "delivered_dkk_gross"),
)


@router.get(
    "/impact/export.csv",
    summary="Every contract's measures, one row per contract and outcome (CSV); the rows' DKK add up to the totals",
)
async def export_csv(runtime: RuntimeDep, store: StoreDep, year: int | None = Query(None)) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for m in await all_measures(runtime, store, year):
        for proxy, promised in m["promised"].items():
            delivered, adjusted, gross = m["delivered"][proxy], m["dkk_per_unit"][proxy], m["dkk_per_unit_gross"][proxy]
            writer.writerow(
                [
                    *(m["contract_id"], m["tender_id"], m["supplier"], m["supplier_type"]["rsv"], m["procedure"]),
                    *(m["year"], m["behind_schedule"], proxy, promised, delivered),
                    *(adjusted, promised * adjusted, delivered * adjusted),
                    *(gross, promised * gross, delivered * gross),
                ]
            )
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8")


@router.get("/contracts/{contract_id}/ocds", summary="The contract's social outcomes as OCDS metrics")
async def ocds_metrics(
    contract_id: str, contract: VisibleContractDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.sessions() as session:
        facts = await contract_facts(session, store, contract)
        reports = [r for r in await store.outcome_reports(session, contract_id) if r.status == "verified"]
    periods = {period.index: period for period in facts.periods}
    metric = lambda t: {"id": t.proxy, "title": t.proxy, "observations": []}  # noqa: E731
    targets = [
        {
            **metric(t),
            "observations": [{"id": f"target-{t.proxy}", "measure": str(t.quantity), "unit": {"name": t.proxy}}],
        }
        for t in facts.targets
    ]
    observed = {t.proxy: {**metric(t), "observations": []} for t in facts.targets}
    for report in reports:
        for line in report.lines:
            observed.setdefault(line["proxy"], {"id": line["proxy"], "title": line["proxy"], "observations": []})
            observed[line["proxy"]]["observations"].append(
                {
                    "id": f"{report.report_id}-{line['proxy']}",
                    "measure": str(line["quantity"]),
                    "period": {
                        "startDate": periods[report.period_index].start.isoformat(),
                        "endDate": periods[report.period_index].end.isoformat(),
                    },
                    "unit": {"name": line["proxy"]},
                }
            )
    return {
        "ocid": f"ocds-kolding-{facts.tender_id}",
        "tender": {"targets": targets},
        "contracts": [
            {"id": contract_id, "agreedMetrics": targets, "implementation": {"metrics": list(observed.values())}}
        ],
    }


async def all_measures(runtime: Any, store: ProcurementStore, year: int | None) -> list[dict[str, Any]]:
    return await measures_of(runtime.sessions, store, runtime.clock.now().date(), year)


def _report_problems(
    body: OutcomeReportDraft, contract: Contract, periods: list[impact.Period], reports: list[OutcomeReport]
) -> list[tuple[str, str]]:
    if body.period_index >= len(periods):
        return [("body.period_index", f"the contract has periods 0 to {len(periods) - 1}")]
    committed = {t["proxy"] for t in contract.targets}
    problems = [
        (f"body.lines[{i}].proxy", f"{line.proxy} is not among the contract's commitments")
        for i, line in enumerate(body.lines)
        if line.proxy not in committed
    ]
    standing = [r for r in reports if r.period_index == body.period_index and r.status != "rejected"]
    if standing:
        problems.append(("body.period_index", "the period has a report; only a rejected report can be corrected"))
    rejected = {r.report_id for r in reports if r.period_index == body.period_index and r.status == "rejected"}
    if body.corrects is not None and body.corrects not in rejected:
        problems.append(("body.corrects", "names no rejected report of this period"))
    return problems


def _period(period: impact.Period, reports: list[OutcomeReport], today: date) -> dict[str, Any]:
    own = [r for r in reports if r.period_index == period.index]
    latest = own[-1].status if own else None
    state = latest or ("late" if today > period.due_on else "due" if today > period.end else "open")
    return {"index": period.index, "start": period.start, "end": period.end, "due_on": period.due_on, "status": state}
