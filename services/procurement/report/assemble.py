"""Gathers what the report states, from the store: nothing here decides anything."""

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from services.procurement.store import Lot, ProcurementStore, Tender


async def assemble_report(session: AsyncSession, store: ProcurementStore, tender: Tender) -> dict[str, Any]:
    tender_id = tender.tender_id
    lots = await store.lots(session, tender_id)
    bids = await store.bids(session, tender_id)
    bidders = await store.bidders(session, [bid.bidder_id for bid in bids])
    name_of = {bid.bid_id: bidders[bid.bidder_id].name for bid in bids}
    return {
        "tender": tender.model_dump(mode="json", exclude={"correlation_id"}),
        "committee": [m.model_dump(mode="json") for m in await store.committee(session, tender_id)],
        "bids": [
            {
                "bid_id": b.bid_id,
                "lot_id": b.lot_id,
                "bidder": name_of[b.bid_id],
                "received_at": b.received_at.isoformat(),
                "commitment_sha256": b.commitment_sha256,
                "price": (b.opened_content or {}).get("price"),
            }
            for b in bids
        ],
        "assessments": [
            {**a.model_dump(mode="json"), "bidder": name_of.get(a.bid_id)}
            for a in await store.assessments(session, tender_id)
        ],
        "lots": [await _lot(session, store, tender_id, lot, name_of) for lot in lots],
    }


async def _lot(
    session: AsyncSession, store: ProcurementStore, tender_id: str, lot: Lot, name_of: dict[str, str]
) -> dict[str, Any]:
    lot_id, title, model = lot.lot_id, lot.title, lot.evaluation_model
    runs = await store.runs(session, tender_id, lot_id)
    completed = [run for run in runs if run.status == "completed" and run.result]
    award = await store.award(session, tender_id, lot_id)
    contract = await store.contract(session, tender_id, lot_id)
    named = lambda rows: [{**r.model_dump(mode="json"), "bidder": name_of.get(r.bid_id)} for r in rows]  # noqa: E731
    return {
        "lot_id": lot_id,
        "title": title,
        "criteria": model.get("criteria", []),
        "total": model.get("total", {"method": "weighted_sum"}),
        "proxy_values": model.get("proxy_values", {}),
        "evaluator_points": named(await store.evaluator_points(session, tender_id, lot_id)),
        "consensus": named(await store.consensus(session, tender_id, lot_id)),
        "runs": [
            r.model_dump(mode="json", include={"number", "status", "requested_at", "answered_at", "problems"})
            | {
                "input_sha256": (r.result or {}).get("input_sha256"),
                "engine_version": (r.result or {}).get("engine_version"),
            }
            for r in runs
        ],
        "ranking": [
            {**entry, "bidder": name_of.get(entry["bid_id"])}
            for entry in (completed[-1].result or {}).get("ranking", [])
        ]
        if completed
        else [],
        "excluded": [
            {**entry, "bidder": name_of.get(entry["bid_id"])}
            for entry in (completed[-1].result or {}).get("excluded", [])
        ]
        if completed
        else [],
        "award": {**award.model_dump(mode="json"), "winner": name_of.get(award.winner_bid_id)} if award else None,
        "complaints": [c.model_dump(mode="json") for c in await store.complaints(session, tender_id, lot_id)],
        "contract": contract.model_dump(mode="json") if contract else None,
    }
