"""Social commitments followed from bid to delivered outcome, on SQLite and on PostgreSQL: a contract with two
commitments and three reporting periods, one report rejected and corrected; the figures worked out by hand."""

import csv
import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

from services.procurement.outcome_reminders import OutcomeReminders
from shared import events
from shared.clock import ManualClock
from tests.support.component import InMemoryService
from tests.support.contract_flow import close_at_deadline, evaluate_and_award, sign_after_standstill
from tests.support.samples import NOW
from tests.support.tenders import OFFICER, as_bidder, park_tender

# A proxy table with SROI adjustments: LTU hire 122,000 × (1 − 0.20) × (1 − 0.10) = 87,840 DKK per FTE-year;
# flexjob 42,000 × (1 − 0.50 attribution) = 21,000 DKK per FTE-year.
ADJUSTED = {"DK_LTU_HIRE": {"deadweight_pct": "20", "attribution_pct": "10"}, "DK_FLEXJOB": {"attribution_pct": "50"}}


async def test_promised_and_delivered_with_and_without_adjustments(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    await add_proxy_table(procurement, "TEST-ADJ", ADJUSTED)
    contract_id, supplier = await contract_with_two_commitments(procurement, clock)
    verify = lambda report_id: review(procurement, contract_id, report_id, verified=True)  # noqa: E731

    await verify(await report(procurement, contract_id, supplier, 0, {"DK_LTU_HIRE": "0.5", "DK_FLEXJOB": "0.25"}))
    wrong = await report(procurement, contract_id, supplier, 1, {"DK_LTU_HIRE": "0.75"})
    rejected = await review(procurement, contract_id, wrong, verified=False, reason="Lønsedler mangler for maj")
    assert rejected["status"] == "rejected"
    corrected = await report(
        procurement, contract_id, supplier, 1, {"DK_LTU_HIRE": "0.5", "DK_FLEXJOB": "0.25"}, corrects=wrong
    )
    await verify(corrected)
    await verify(await report(procurement, contract_id, supplier, 2, {"DK_LTU_HIRE": "0.5", "DK_FLEXJOB": "0.5"}))

    measures = await measures_of(procurement, contract_id)
    # Promised: 2 LTU hires, 1 flexjob.
    # Delivered, verified reports only: LTU 0.5 + 0.5 + 0.5 = 1.5; flexjob 0.25 + 0.25 + 0.5 = 1.0
    assert numbers(measures["promised"]) == {"DK_LTU_HIRE": Decimal(2), "DK_FLEXJOB": Decimal(1)}
    assert numbers(measures["delivered"]) == {"DK_LTU_HIRE": Decimal("1.5"), "DK_FLEXJOB": Decimal(1)}
    # With adjustments: promised 2 × 87,840 + 1 × 21,000 = 196,680; delivered 1.5 × 87,840 + 1 × 21,000 = 152,760
    assert Decimal(measures["promised_dkk"]) == Decimal(196680)
    assert Decimal(measures["delivered_dkk"]) == Decimal(152760)
    # Without: promised 2 × 122,000 + 42,000 = 286,000; delivered 1.5 × 122,000 + 42,000 = 225,000
    assert Decimal(measures["promised_dkk_gross"]) == Decimal(286000)
    assert Decimal(measures["delivered_dkk_gross"]) == Decimal(225000)
    assert Decimal(measures["delivery_rate"]) == Decimal(152760) / Decimal(196680)

    # A later proxy table version leaves this contract's figures unchanged.
    await add_proxy_table(procurement, "TEST-LATER", {"DK_LTU_HIRE": {"value_dkk": "500000"}})
    assert await measures_of(procurement, contract_id) == measures
    tracks = (await procurement.http.get("/impact", headers=OFFICER)).json()["tracks"]
    assert numbers(tracks["people"]) == {
        "hires_from_the_edge_of_the_labour_market": Decimal("1.5"),
        "flexjobs": Decimal(1),
    }
    assert Decimal(tracks["society"]["social_value_dkk"]) == Decimal(152760)
    await the_exports_add_up_to_the_same_figures(procurement, contract_id, measures)


async def the_exports_add_up_to_the_same_figures(
    procurement: InMemoryService, contract_id: str, measures: dict[str, Any]
) -> None:
    """The CSV's rows (one per outcome) sum to the contract's DKK, the JSON's groups carry the quantities, and the
    OCDS metrics hold the targets and the verified observations."""
    exported = await procurement.http.get("/impact/export.csv")
    rows = [row for row in csv.DictReader(io.StringIO(exported.text)) if row["contract_id"] == contract_id]
    assert [row["proxy"] for row in rows] == ["DK_LTU_HIRE", "DK_FLEXJOB"]
    for figure in ("promised_dkk", "delivered_dkk", "promised_dkk_gross", "delivered_dkk_gross"):
        assert sum(Decimal(row[figure]) for row in rows) == Decimal(measures[figure]), figure
    groups = (await procurement.http.get("/impact/export.json")).json()["groups"]
    by_procedure = groups["procedure"]["ordinary_tender"]
    assert numbers(by_procedure["delivered"]) == {"DK_LTU_HIRE": Decimal("1.5"), "DK_FLEXJOB": Decimal(1)}
    assert numbers(by_procedure["promised"]) == {"DK_LTU_HIRE": Decimal(2), "DK_FLEXJOB": Decimal(1)}
    ocds = (await procurement.http.get(f"/contracts/{contract_id}/ocds", headers=OFFICER)).json()
    [contract] = ocds["contracts"]
    agreed = {metric["id"]: metric["observations"][0]["measure"] for metric in contract["agreedMetrics"]}
    assert numbers(agreed) == {"DK_LTU_HIRE": Decimal(2), "DK_FLEXJOB": Decimal(1)}
    observed = {
        metric["id"]: sum(Decimal(o["measure"]) for o in metric["observations"])
        for metric in contract["implementation"]["metrics"]
    }
    assert observed == {"DK_LTU_HIRE": Decimal("1.5"), "DK_FLEXJOB": Decimal(1)}, "verified reports only"


async def test_a_late_report_is_flagged_and_its_reminder_told_once(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    await add_proxy_table(procurement, "TEST-ADJ", ADJUSTED)
    contract_id, _ = await contract_with_two_commitments(procurement, clock)
    reminders = OutcomeReminders(procurement.runtime, procurement.app.state.store)
    clock.set(NOW.replace(year=2027, month=4, day=2))  # period 0 (Jan–Mar 2027) ended: its report is due
    assert await reminders.remind() == 1
    clock.set(NOW.replace(year=2027, month=5, day=2))  # 30 days after the period: late
    assert await reminders.remind() == 1
    assert await reminders.remind() == 0, "each reminder is told once"
    told = await procurement.told(events.OutcomeReportDue)
    assert [(t.payload.period_index, t.payload.late) for t in told] == [(0, False), (0, True)]
    periods = (await procurement.http.get(f"/contracts/{contract_id}", headers=OFFICER)).json()["periods"]
    assert [p["status"] for p in periods] == ["late", "open", "open"]


async def test_a_period_with_a_standing_report_is_not_reminded_and_a_rejected_one_is(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    await add_proxy_table(procurement, "TEST-ADJ", ADJUSTED)
    contract_id, supplier = await contract_with_two_commitments(procurement, clock)
    reminders = OutcomeReminders(procurement.runtime, procurement.app.state.store)
    clock.set(NOW.replace(year=2027, month=4, day=2))
    reported = await report(procurement, contract_id, supplier, 0, {"DK_LTU_HIRE": "0.5"})
    assert await reminders.remind() == 0, "reported in time: nothing to remind of"
    await review(procurement, contract_id, reported, verified=False, reason="Dokumentation mangler")
    clock.set(NOW.replace(year=2027, month=5, day=2))
    assert await reminders.remind() == 2, "rejected: the period is due and, by now, late"
    told = await procurement.told(events.OutcomeReportDue)
    assert sorted((t.payload.period_index, t.payload.late) for t in told) == [(0, False), (0, True)]


async def test_reports_hold_counts_only_and_come_from_the_supplier(
    procurement: InMemoryService, clock: ManualClock
) -> None:
    await add_proxy_table(procurement, "TEST-ADJ", ADJUSTED)
    contract_id, supplier = await contract_with_two_commitments(procurement, clock)
    with_a_name = {"period_index": 0, "lines": [{"proxy": "DK_LTU_HIRE", "quantity": "1", "name": "Hans Hansen"}]}
    refused = await procurement.http.post(
        f"/contracts/{contract_id}/reports", json=with_a_name, headers=as_bidder(supplier)
    )
    assert refused.status_code == 422, "no field for who the people are"
    by_officer = await procurement.http.post(
        f"/contracts/{contract_id}/reports",
        json={"period_index": 0, "lines": [{"proxy": "DK_LTU_HIRE", "quantity": "1"}]},
        headers=OFFICER,
    )
    assert by_officer.status_code == 403
    other = await procurement.http.get(f"/contracts/{contract_id}", headers=as_bidder("another-enterprise"))
    assert other.status_code == 404


def numbers(figures: dict[str, str]) -> dict[str, Decimal]:
    return {key: Decimal(value) for key, value in figures.items()}


async def add_proxy_table(service: InMemoryService, version: str, changes: dict[str, dict[str, str]]) -> None:
    shipped = (await service.http.get("/proxy-tables/DK-2026.1")).json()
    rows = [{**row, **changes.get(row["code"], {})} for row in shipped["rows"]]
    added = await service.http.post(
        "/proxy-tables", json={"version": version, "title": version, "rows": rows}, headers=OFFICER
    )
    assert added.status_code == 201, added.text


async def contract_with_two_commitments(service: InMemoryService, clock: ManualClock) -> tuple[str, str]:
    """A nine-month contract (quarterly reports: three periods), won by a bid committing 2 LTU hires and a flexjob."""
    draft = park_tender(
        NOW + timedelta(days=35), proxy_table_version="TEST-ADJ", contract_start="2027-01-01", contract_end="2027-09-30"
    )
    tender_id = (await service.http.post("/tenders", json=draft, headers=OFFICER)).json()["id"]
    await service.http.post(f"/tenders/{tender_id}/publish", headers=OFFICER)
    registration = {
        "name": "Jobværkstedet ApS",
        "cvr": "13585628",
        "email": "tilbud@jobvaerkstedet.dk",
        "rsv_registered": True,
    }
    supplier = (await service.http.post("/bidders", json=registration)).json()["id"]
    bid = {
        "price": "2760000",
        "social_commitments": [{"proxy": "DK_LTU_HIRE", "quantity": "2"}, {"proxy": "DK_FLEXJOB", "quantity": "1"}],
    }
    bid_id = (await service.http.post(f"/tenders/{tender_id}/bids", json=bid, headers=as_bidder(supplier))).json()[
        "bid_id"
    ]
    await close_at_deadline(service, clock, timedelta(days=36))
    award = await evaluate_and_award(service, clock, tender_id, {bid_id: "7"})
    return await sign_after_standstill(service, clock, tender_id, award), str(supplier)


async def report(
    service: InMemoryService,
    contract_id: str,
    supplier: str,
    period: int,
    quantities: dict[str, str],
    corrects: str | None = None,
) -> str:
    body = {
        "period_index": period,
        "lines": [{"proxy": p, "quantity": q, "evidence": [f"bilag-{period}"]} for p, q in quantities.items()],
        "corrects": corrects,
    }
    response = await service.http.post(f"/contracts/{contract_id}/reports", json=body, headers=as_bidder(supplier))
    assert response.status_code == 201, response.text
    return str(response.json()["report_id"])


async def review(
    service: InMemoryService, contract_id: str, report_id: str, *, verified: bool, reason: str | None = None
) -> Any:
    body = {"verified": verified, "reason": reason}
    response = await service.http.post(
        f"/contracts/{contract_id}/reports/{report_id}/review", json=body, headers=OFFICER
    )
    assert response.status_code == 200, response.text
    return response.json()


async def measures_of(service: InMemoryService, contract_id: str) -> dict[str, Any]:
    summary = (await service.http.get("/impact", headers=OFFICER)).json()
    return next(m for m in summary["contracts"] if m["contract_id"] == contract_id)
