"""Gathers a contract's facts for the impact measures from the store: its targets valued with the tender's frozen
proxy table, the supplier's type, the verified outcome reports. The measures themselves are pure (domain.impact)."""

from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from services.procurement.domain.impact import ContractFacts, Period, Target, contract_measures, reporting_periods
from services.procurement.reference_data import proxy_table_from
from services.procurement.store import Contract, OutcomeReport, ProcurementStore, Tender
from shared.database import Sessions


async def contract_facts(session: AsyncSession, store: ProcurementStore, contract: Contract) -> ContractFacts:
    tender = await store.tender(session, contract.tender_id)
    supplier = await store.bidder(session, contract.supplier_bidder_id)
    award = await store.award(session, contract.tender_id, contract.lot_id)
    bid = await store.bid(session, contract.tender_id, award.winner_bid_id) if award else None
    assert tender is not None, "a contract has its tender"
    assert supplier is not None, "a contract has its supplier"
    earlier = [c for c in await store.contracts(session, supplier.bidder_id) if c.signed_at < contract.signed_at]
    content = (bid.opened_content if bid else None) or {}
    social_economy = [s for s in content.get("subcontractors", []) if s.get("social_economy")]
    return ContractFacts(
        contract_id=contract.contract_id,
        tender_id=tender.tender_id,
        supplier=supplier.name,
        supplier_type={
            "rsv": supplier.rsv_registered,
            "sheltered_workshop": supplier.sheltered_workshop,
            "sme_size": supplier.sme_size,
            "first_time": not earlier,
        },
        procedure=tender.procedure,
        signed_on=contract.signed_at.date(),
        value_dkk=contract.value_dkk,
        targets=tuple(await _targets(session, store, tender, contract)),
        delivered=_verified(await store.outcome_reports(session, contract.contract_id)),
        periods=tuple(periods_of(tender)),
        social_economy_subcontractor=bool(social_economy),
        social_economy_share_pct=sum((Decimal(str(s.get("share_pct") or 0)) for s in social_economy), Decimal(0)),
        sanctions=tuple(c["sanction"] for c in tender.social_clauses if c.get("sanction")),
    )


async def measures_of(
    sessions: Sessions, store: ProcurementStore, today: date, year: int | None
) -> list[dict[str, Any]]:
    """Every contract's measures on `today`, of the contracts signed in `year` (all when None)."""
    async with sessions() as session:
        facts = [await contract_facts(session, store, contract) for contract in await store.contracts(session)]
    measures = [contract_measures(f, today) for f in facts]
    return [m for m in measures if year is None or m["year"] == year]


def periods_of(tender: Tender) -> list[Period]:
    """Reporting periods at the most frequent rate any of the tender's clauses asks for (quarterly by default)."""
    order = ["monthly", "quarterly", "semiannual", "annual"]
    asked = [str(c["reporting_frequency"]) for c in tender.social_clauses if c.get("reporting_frequency") in order]
    frequency = min(asked, key=lambda f: order.index(f)) if asked else "quarterly"
    return reporting_periods(tender.contract_start, tender.contract_end, frequency)


async def _targets(session: AsyncSession, store: ProcurementStore, tender: Tender, contract: Contract) -> list[Target]:
    row = await store.proxy_table(session, tender.proxy_table_version)
    gross = {r.code: r.value_dkk for r in proxy_table_from(row.document).rows} if row else {}
    return [
        Target(
            proxy=t["proxy"],
            quantity=Decimal(t["quantity"]),
            adjusted_dkk_per_unit=Decimal(t["value_dkk_per_unit"]) if t.get("value_dkk_per_unit") else Decimal(0),
            gross_dkk_per_unit=gross.get(t["proxy"], Decimal(0)),
        )
        for t in contract.targets
    ]


def _verified(reports: list[OutcomeReport]) -> dict[str, Decimal]:
    delivered: dict[str, Decimal] = {}
    for report in reports:
        if report.status != "verified":
            continue
        for line in report.lines:
            delivered[line["proxy"]] = delivered.get(line["proxy"], Decimal(0)) + Decimal(str(line["quantity"]))
    return delivered


def as_json(value: Any) -> Any:
    """Decimals as strings, for JSON documents and CSV cells."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return str(value) if isinstance(value, Decimal) else value
