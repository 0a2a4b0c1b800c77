"""HTTP routes of the procurement service: tenders, bidders and bids, evaluation and award."""

from fastapi import Request
from fastapi.responses import JSONResponse

from services.procurement.api import (
    assessments,
    bidders,
    bids,
    changes,
    committee,
    contracts,
    evaluations,
    outcomes,
    proxy_tables,
    report,
    tenders,
)
from services.procurement.domain import Conflict, Forbidden, Refusal
from shared.http_errors import refusal_body

routers = [
    tenders.router,
    changes.router,
    bidders.router,
    bids.router,
    committee.router,
    assessments.router,
    evaluations.router,
    contracts.router,
    outcomes.router,
    proxy_tables.router,
    report.router,
]


async def conflict_response(request: Request, conflict: Exception) -> JSONResponse:
    """A request the tender's state does not allow: 409, with the reason in Danish and English."""
    assert isinstance(conflict, Refusal)
    return JSONResponse(refusal_body(request, conflict.english, conflict.danish), status_code=409)


async def forbidden_response(request: Request, forbidden: Exception) -> JSONResponse:
    """The acting user may not do this: 403, with why in Danish and English."""
    assert isinstance(forbidden, Refusal)
    return JSONResponse(refusal_body(request, forbidden.english, forbidden.danish), status_code=403)


__all__ = ["Conflict", "Forbidden", "conflict_response", "forbidden_response", "routers"]
