"""The award: who wins, what each bidder's notice says of its standing, and the Art. 77 three-year rule."""

from datetime import datetime, timedelta
from typing import Any

from services.procurement.domain.committee import EXCLUDED_BY
from services.procurement.domain.refusals import Conflict

ART77_REPEAT_WINDOW = timedelta(days=3 * 365)


def choose_winner(result: dict[str, Any], chosen_bid_id: str | None, reason: str | None) -> str:
    """The winning bid: the first of the ranking unless the officer chooses another and says why."""
    ranking = result.get("ranking", [])
    if not ranking:
        raise Conflict(
            "the evaluation ranked no bid, so there is no one to award",
            "evalueringen rangerede intet tilbud, så der er ingen at tildele kontrakten",
        )
    first = ranking[0]["bid_id"]
    if chosen_bid_id is None or chosen_bid_id == first:
        return str(first)
    if chosen_bid_id not in {entry["bid_id"] for entry in ranking}:
        raise Conflict(
            f"bid {chosen_bid_id} is not in the evaluation's ranking",
            f"tilbud {chosen_bid_id} er ikke med i evalueringens rangering",
        )
    if not (reason or "").strip():
        raise Conflict(
            f"bid {chosen_bid_id} is not ranked first: the award needs a reason",
            f"tilbud {chosen_bid_id} er ikke rangeret først: tildelingen skal begrundes",
        )
    return chosen_bid_id


def ensure_may_award(bid_id: str, outcomes: dict[str, str], *, abnormally_low: bool, reserved: bool) -> None:
    """What must hold of the winning bid at the moment of the award, whatever the evaluation said: `outcomes` are
    the bid's latest assessment per aspect (made after the run, too), `abnormally_low` the engine's flag."""
    for aspect, outcome in outcomes.items():
        if (aspect, outcome) in EXCLUDED_BY:
            raise Conflict(
                f"bid {bid_id} was assessed {aspect} {outcome} after the evaluation: run the evaluation again",
                f"tilbud {bid_id} er vurderet {aspect} {outcome} efter evalueringen: kør evalueringen igen",
            )
    if outcomes.get("documentation") == "inconsistent":  # udbudsloven § 159, stk. 2: documented before the award
        raise Conflict(
            f"bid {bid_id}'s documentation does not bear out its self-declaration (ESPD): it cannot be awarded",
            f"tilbud {bid_id}s dokumentation bekræfter ikke dets egenerklæring (ESPD): det kan ikke tildeles",
        )
    if abnormally_low and outcomes.get("abnormally_low") != "kept":  # § 169: explained, and the answer weighed
        raise Conflict(
            f"bid {bid_id} is abnormally low: ask for its explanation and record the bid kept before the award",
            f"tilbud {bid_id} er unormalt lavt: bed om en forklaring, og registrér det som fastholdt før tildelingen",
        )
    if reserved and outcomes.get("eligibility") != "eligible":
        raise Conflict(
            f"the contract is reserved: record bid {bid_id}'s eligibility as eligible before the award",
            f"kontrakten er forbeholdt: registrér tilbud {bid_id} som berettiget før tildelingen",
        )


def latest_outcomes(bid_id: str, assessments: list[tuple[str, str, str]]) -> dict[str, str]:
    """The bid's latest outcome per aspect, from assessments (bid, aspect, outcome) in the order they were made."""
    return {aspect: outcome for bid, aspect, outcome in assessments if bid == bid_id}


def standings(result: dict[str, Any], bidder_of: dict[str, str]) -> list[dict[str, Any]]:
    """Each bidder's place in the decision: its rank, total and points, or why it was excluded."""
    ranked = [
        {
            "bidder_id": bidder_of[entry["bid_id"]],
            "bid_id": entry["bid_id"],
            "rank": entry["rank"],
            "total": entry["total"],
            "points": {criterion: score["points"] for criterion, score in entry["criteria"].items()},
        }
        for entry in result.get("ranking", [])
    ]
    excluded = [
        {
            "bidder_id": bidder_of[entry["bid_id"]],
            "bid_id": entry["bid_id"],
            "rank": None,
            "total": None,
            "excluded_reason": entry["reason"],
        }
        for entry in result.get("excluded", [])
    ]
    return ranked + excluded


def ensure_no_recent_art77_award(bidder_name: str, previous_awards: list[datetime], now: datetime) -> None:
    """Art. 77(3)(d): no contract reserved under Art. 77 to an organisation that had one from this authority under
    the article in the past three years. `previous_awards` are the suite's own Art. 77 awards to the bidder."""
    recent = [moment for moment in previous_awards if now - moment < ART77_REPEAT_WINDOW]
    if recent:
        raise Conflict(
            f"{bidder_name} was awarded a contract reserved under Art. 77 on {max(recent):%Y-%m-%d}; a new award "
            "under the article is possible only three years after that",
            f"{bidder_name} fik tildelt en kontrakt forbeholdt efter art. 77 den {max(recent):%d-%m-%Y}; en ny "
            "tildeling efter artiklen er først mulig tre år derefter",
        )
