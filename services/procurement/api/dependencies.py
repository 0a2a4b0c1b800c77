"""What the procurement routes share: the store, 404s for unknown ids, and 422 bodies listing every problem."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlmodel.ext.asyncio.session import AsyncSession

from services.procurement.store import Bidder, ProcurementStore, Tender


def get_store(request: Request) -> ProcurementStore:
    store: ProcurementStore = request.app.state.store
    return store


StoreDep = Annotated[ProcurementStore, Depends(get_store)]


def problems_response(problems: list[tuple[str, str]]) -> HTTPException:
    """422 naming every problem at once, each with the path of its field and a reason a person can act on."""
    return HTTPException(
        422,
        {"problems": [{"path": path, "reason": reason, "message": f"{path}: {reason}"} for path, reason in problems]},
    )


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
