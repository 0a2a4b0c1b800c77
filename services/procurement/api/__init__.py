"""HTTP routes of the procurement service: tenders, bidders and bids, evaluation and award."""

from fastapi import Request
from fastapi.responses import JSONResponse

from services.procurement.api import bidders, bids, changes, evaluations, proxy_tables, tenders
from services.procurement.domain import Conflict

routers = [tenders.router, changes.router, bidders.router, bids.router, evaluations.router, proxy_tables.router]


async def conflict_response(_request: Request, conflict: Exception) -> JSONResponse:
    """A request the tender's state does not allow: 409, with the reason in words."""
    return JSONResponse({"detail": str(conflict)}, status_code=409)


__all__ = ["Conflict", "conflict_response", "routers"]
