"""What the procurement routes share: the store, the reference figures, 404s for unknown ids, the proxy table,
and the gates that decide who may call a route. A gate is a dependency, so it refuses before a request body is
even read: a caller without the right is told 403 (or 404 for what it may not know exists), never 422."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlmodel.ext.asyncio.session import AsyncSession

from services.procurement import domain
from services.procurement.domain import ProxyTable, Reference
from services.procurement.reference_data import proxy_table_from, reference
from services.procurement.store import Bidder, Contract, ProcurementStore, Tender
from services.procurement.vault import Vault
from shared.access import ActorDep, MaybeActorDep
from shared.events import Actor
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep


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


async def hide_drafts(tender_id: str, actor: MaybeActorDep, runtime: RuntimeDep, store: StoreDep) -> None:
    """A draft is the officers' own: to anyone else it does not exist, on every route that names it."""
    if actor.role == "officer":
        return
    async with runtime.sessions() as session:
        tender = await store.tender(session, tender_id)
    if tender is not None and tender.status == domain.TenderStatus.DRAFT:
        raise HTTPException(404, f"no tender {tender_id}")


async def member_of(
    store: ProcurementStore, session: AsyncSession, tender_id: str, actor: Actor
) -> domain.Member | None:
    """The caller as a member of the tender's evaluation committee, if it is one."""
    row = await store.member(session, tender_id, actor.id)
    return domain.Member(row.evaluator_id, row.declared_at is not None, bool(row.has_conflict)) if row else None


async def assigned_evaluator(tender_id: str, actor: ActorDep, runtime: RuntimeDep, store: StoreDep) -> Actor:
    """An evaluator assigned to this tender's committee: the one who declares its conflicts of interest."""
    if actor.role != "evaluator":
        raise domain.not_an_evaluator()
    async with runtime.sessions() as session:
        if await member_of(store, session, tender_id, actor) is None:
            raise domain.not_on_the_committee()
    return actor


async def cleared_evaluator(tender_id: str, actor: ActorDep, runtime: RuntimeDep, store: StoreDep) -> Actor:
    """An evaluator on the committee who has declared no conflict of interest: the one who sees bids and scores."""
    if actor.role != "evaluator":
        raise domain.not_an_evaluator()
    async with runtime.sessions() as session:
        domain.ensure_may_evaluate(await member_of(store, session, tender_id, actor))
    return actor


async def committee_reader(tender_id: str, actor: ActorDep, runtime: RuntimeDep, store: StoreDep) -> Actor:
    """Officers and auditors, and the tender's own evaluators; an evaluator of another tender is refused."""
    if actor.role in ("officer", "auditor"):
        return actor
    return await assigned_evaluator(tender_id, actor, runtime, store)


async def evaluation_reader(tender_id: str, actor: ActorDep, runtime: RuntimeDep, store: StoreDep) -> Actor:
    """Officers and auditors, and the tender's evaluators once they have declared no conflict of interest."""
    if actor.role in ("officer", "auditor"):
        return actor
    return await cleared_evaluator(tender_id, actor, runtime, store)


async def visible_contract(contract_id: str, actor: ActorDep, runtime: RuntimeDep, store: StoreDep) -> Contract:
    """A contract, for officers, auditors and its supplier; another supplier is not told it exists."""
    async with runtime.sessions() as session:
        contract = await store.contract_by_id(session, contract_id)
    is_supplier = contract is not None and actor.role == "bidder" and actor.bidder_id == contract.supplier_bidder_id
    if contract is None or (actor.role == "bidder" and not is_supplier):
        raise HTTPException(404, f"no contract {contract_id}")
    if actor.role not in ("officer", "auditor") and not is_supplier:
        raise domain.Forbidden(
            "a contract is for officers, auditors and its supplier",
            "en kontrakt er for indkøbere, revisorer og dens leverandør",
        )
    return contract


async def suppliers_contract(contract: Annotated[Contract, Depends(visible_contract)], actor: ActorDep) -> Contract:
    """A contract, for its supplier only: the one who reports what it delivered."""
    if actor.role != "bidder":
        raise domain.Forbidden("only the supplier reports its outcomes", "kun leverandøren rapporterer sine resultater")
    return contract


AssignedEvaluatorDep = Annotated[Actor, Depends(assigned_evaluator)]
ClearedEvaluatorDep = Annotated[Actor, Depends(cleared_evaluator)]
CommitteeReaderDep = Annotated[Actor, Depends(committee_reader)]
EvaluationReaderDep = Annotated[Actor, Depends(evaluation_reader)]
VisibleContractDep = Annotated[Contract, Depends(visible_contract)]
SuppliersContractDep = Annotated[Contract, Depends(suppliers_contract)]
