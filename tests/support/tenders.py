"""Kolding's park-maintenance tender as an officer drafts it, for tests of every tier."""

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from procure.demo import park_tender as demo_tender
from tests.support.identities import bearer
from tests.support.samples import NOW

GOLDEN = Path(__file__).resolve().parents[1] / "unit" / "scoring" / "golden"
OFFICER = bearer("officer", "anne.officer@kolding.dk")
# name, CVR, price, commitments, the committee's quality points: the golden cases' three bidders
OFFERS = [
    ("Grøn Service A/S", "13748136", "2400000", [("DK_APPRENTICE_YEAR", "1")], "6"),
    (
        "Jobværkstedet ApS",
        "13585628",
        "2760000",
        [("DK_LTU_HIRE", "3"), ("DK_FLEXJOB", "1"), ("DK_APPRENTICE_YEAR", "1")],
        "7",
    ),
    ("Park & Vej A/S", "40084525", "2580000", [("DK_LTU_HIRE", "1"), ("DK_APPRENTICE_YEAR", "2")], "8"),
]


def golden_model() -> dict[str, Any]:
    """G1's evaluation model, as an officer writes it: the proxy values come from the tender's proxy table."""
    request = json.loads((GOLDEN / "G1.request.json").read_text())
    return {key: value for key, value in request.items() if key not in ("tender_id", "lot_id", "bids", "proxy_values")}


def park_tender(deadline: datetime, **changes: Any) -> dict[str, Any]:
    """The demo's park tender under G1's model, with `changes`."""
    lots = [{"lot_id": "1", "title": "Parkpleje", "evaluation_model": golden_model()}]
    return {**demo_tender(deadline), "reference": "KOL-2026-017", "lots": lots, **changes}


def as_bidder(bidder_id: str) -> dict[str, str]:
    """The bearer token of a bidder's user acting for its enterprise."""
    return bearer("bidder", f"user@{bidder_id}", bidder_id)


def consensus(quality_by_bid: dict[str, str], held_on: str = "2027-01-05") -> dict[str, Any]:
    """The committee's consensus on the quality criterion, each point with its justification."""
    return {
        "method": "konsensusmøde",
        "held_on": held_on,
        "points": [
            {
                "bid_id": bid_id,
                "criterion_id": "quality",
                "points": points,
                "justification": f"Plejeplanen er vurderet til {points} point efter udbudsbetingelserne.",
            }
            for bid_id, points in quality_by_bid.items()
        ],
    }


async def create_published_tender(http: httpx.AsyncClient, *, deadline_in: timedelta = timedelta(days=30)) -> str:
    """The park tender, published by the officer with its deadline `deadline_in` after NOW; returns its id."""
    created = await http.post("/tenders", json=park_tender(NOW + deadline_in), headers=OFFICER)
    assert created.status_code == 201, created.text
    tender_id: str = created.json()["id"]
    published = await http.post(f"/tenders/{tender_id}/publish", headers=OFFICER)
    assert published.status_code == 200, published.text
    return tender_id


async def register(http: httpx.AsyncClient, name: str, cvr: str) -> str:
    """A Danish enterprise registered as a bidder; returns its id."""
    response = await http.post("/bidders", json={"name": name, "cvr": cvr, "email": f"{cvr}@example.dk"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def register_and_bid(procurement: httpx.AsyncClient, tender_id: str) -> tuple[dict[str, str], dict[str, str]]:
    """The three enterprises of OFFERS register and bid; their bidder and bid ids by name."""
    bidder_of: dict[str, str] = {}
    bid_of: dict[str, str] = {}
    for name, cvr, price, commitments, _ in OFFERS:
        registration = {"name": name, "cvr": cvr, "email": f"tilbud@{cvr}.example.dk"}
        bidder_of[name] = (await procurement.post("/bidders", json=registration)).json()["id"]
        body = {"price": price, "social_commitments": [{"proxy": p, "quantity": q} for p, q in commitments]}
        submitted = await procurement.post(f"/tenders/{tender_id}/bids", json=body, headers=as_bidder(bidder_of[name]))
        assert submitted.status_code == 201, submitted.text
        bid_of[name] = submitted.json()["bid_id"]
    return bidder_of, bid_of
