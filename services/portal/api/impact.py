"""The impact dashboard, for officers and the public alike: the social outcomes promised in bids against those
delivered under the contracts, per contract and grouped, the policy's three tracks at a glance, and the exports."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.api.pages import BackendDep, render
from services.portal.domain import delivery_bars

router = APIRouter()
GROUPINGS = ("supplier_type", "procedure", "year")


@router.get("/impact", response_class=HTMLResponse)
async def dashboard(
    request: Request, backend: BackendDep, year: str = "", group_by: str = "supplier_type"
) -> HTMLResponse:
    if year and not (year.isdigit() and len(year) == 4):
        raise HTTPException(422, f"year: {year!r} is not a year such as 2027")
    grouping = group_by if group_by in GROUPINGS else "supplier_type"
    query = {"group_by": grouping, **({"year": year} if year else {})}
    summary = await backend.get("procurement", "/impact", None, **query)
    return render(
        request,
        "impact.html",
        summary=summary,
        bars=delivery_bars(summary["contracts"]),
        year=year,
        group_by=grouping,
        groupings=GROUPINGS,
    )


@router.get("/impact/export.{kind}")
async def export(kind: str, backend: BackendDep, year: str = "") -> Response:
    """The exports as procurement makes them (JSON or CSV), for researchers and a knowledge centre."""
    if kind not in ("json", "csv"):
        return Response(status_code=404)
    sent = await backend.download("procurement", f"/impact/export.{kind}", None, **({"year": year} if year else {}))
    disposition = f'attachment; filename="impact.{kind}"'
    return Response(
        sent.content, media_type=sent.headers.get("content-type"), headers={"Content-Disposition": disposition}
    )
