"""Proxy tables: versioned DKK values of social outcomes. A version never changes once stored; a published
tender keeps the values it froze, whatever versions come after."""

from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from services.procurement.api.dependencies import StoreDep
from services.procurement.api.models import ProxyTableDraft
from services.procurement.domain import Conflict, plain
from services.procurement.reference_data import proxy_table_from, shipped_proxy_tables
from services.procurement.store import ProcurementStore, ProxyTableVersion
from shared.access import require_role
from shared.clock import Clock
from shared.database import Sessions
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep

router = APIRouter(prefix="/proxy-tables", tags=["proxy tables"])


@router.get("", summary="Every proxy table version, oldest first")
async def list_proxy_tables(runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        return [
            {"version": t.version, "title": t.title, "added_at": t.added_at} for t in await store.proxy_tables(session)
        ]


@router.get("/{version}", summary="One version's rows, each with its source, and the values a tender freezes")
async def get_proxy_table(version: str, runtime: RuntimeDep, store: StoreDep) -> dict[str, Any]:
    async with runtime.sessions() as session:
        row = await store.proxy_table(session, version)
    if row is None:
        raise HTTPException(404, f"no proxy table version {version}")
    table = proxy_table_from(row.document)
    adjusted = {r.code: plain(r.adjusted_value_dkk) for r in table.rows}
    return {**row.document, "adjusted_value_dkk": adjusted}


@router.post(
    "",
    status_code=201,
    dependencies=[Depends(require_role("officer"))],
    summary="Add a new version (an existing version is never changed)",
)
async def add_proxy_table(draft: ProxyTableDraft, runtime: RuntimeDep, store: StoreDep) -> dict[str, str]:
    document = draft.model_dump()
    try:
        proxy_table_from(document)
    except (KeyError, ValueError, ArithmeticError) as error:
        raise InvalidInput([("body.rows", f"a row is incomplete or not a number: {error!r}")]) from None
    async with runtime.unit_of_work.begin() as transaction:
        if await store.proxy_table(transaction.session, draft.version) is not None:
            raise Conflict(
                f"version {draft.version} exists and is never changed; add a new version",
                f"version {draft.version} findes og ændres aldrig; tilføj en ny version",
            )
        store.add(transaction.session, _row(document, runtime.clock))
    return {"version": draft.version}


async def seed_proxy_tables(sessions: Sessions, store: ProcurementStore, clock: Clock) -> None:
    """Store the shipped proxy tables that are not stored yet (at start-up)."""
    async with sessions() as session, session.begin():
        for document in shipped_proxy_tables():
            if await store.proxy_table(session, document["version"]) is None:
                store.add(session, _row(document, clock))


def _row(document: dict[str, Any], clock: Clock) -> ProxyTableVersion:
    return ProxyTableVersion(
        version=document["version"], title=document["title"], document=document, added_at=clock.now()
    )
