"""What the procurement routes share: the store, the reference figures, 404s for unknown ids, the proxy table."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlmodel.ext.asyncio.session import AsyncSession

from services.procurement.domain import ProxyTable, Reference
from services.procurement.reference_data import proxy_table_from, reference
from services.procurement.store import Bidder, ProcurementStore, Tender
from services.procurement.vault import Vault
from shared.http_errors import InvalidInput


def get_store(request: Request) -> ProcurementStore:
    store: ProcurementStore = request.app.state.store
    return store


def get_vault(request: Request) -> Vault:
    vault: Vault = request.app.state.vault
    return vault


StoreDep = Annotated[ProcurementStore, Depends(get_store)]
VaultDep = Annotated[Vault, Depends(get_vault)]
ReferenceDep = Annotated[Reference, Depends(reference)]


async def tender_or_404(store: ProcurementStore, session: AsyncSession, tender_id: str) -> Tender:
    tender = await store.tender(session, tender_id)
    if tender is None:
        raise HTTPException(404, f"no tender {tender_id}")
    return tender


async def bidder_or_404(store: ProcurementStore, session: AsyncSession, bidder_id: str) -> Bidder:
    bidder = await store.bidder(session, bidder_id)
    if bidder is None:
        raise HTTPException(404, f"no bidder {bidder_id}")
    return bidder


async def proxy_table_or_problem(
    store: ProcurementStore, session: AsyncSession, version: str | None
) -> tuple[ProxyTable, list[tuple[str, str]]]:
    """The named proxy table version, or the newest when none is named."""
    tables = await store.proxy_tables(session)
    if not tables:
        raise RuntimeError("no proxy table is stored; the service seeds the shipped ones at start-up")
    chosen = tables[-1] if version is None else next((t for t in tables if t.version == version), None)
    if chosen is None:
        known = ", ".join(t.version for t in tables)
        raise InvalidInput([("body.proxy_table_version", f"unknown version {version}; known: {known}")])
    return proxy_table_from(chosen.document), []
