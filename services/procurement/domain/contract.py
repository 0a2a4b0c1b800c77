"""Signing the contract: not before the standstill has run out, nor while a complaint with suspensive effect is
pending; and the social targets the contract carries into outcome reporting."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from services.procurement.domain.lifecycle import in_copenhagen
from services.procurement.domain.refusals import Conflict, danish_time


@dataclass(frozen=True)
class PendingComplaint:
    complainant: str
    suspensive: bool


def ensure_may_sign(now: datetime, standstill_ends_at: datetime | None, complaints: list[PendingComplaint]) -> None:
    if standstill_ends_at is None:
        raise Conflict(
            "the standstill has not started: the award notices have not all been sent",
            "standstill-perioden er ikke begyndt: tildelingsbeslutningen er ikke sendt til alle tilbudsgivere",
        )
    if now <= standstill_ends_at:
        raise Conflict(
            f"the standstill period runs until {in_copenhagen(standstill_ends_at)}; sign after it",
            f"standstill-perioden løber til {danish_time(standstill_ends_at)}; underskriv efter den",
        )
    suspending = [c.complainant for c in complaints if c.suspensive]
    if suspending:
        raise Conflict(
            f"a complaint with suspensive effect is pending ({', '.join(suspending)})",
            f"en klage med opsættende virkning er under behandling ({', '.join(suspending)})",
        )


def contract_targets(commitments: list[dict[str, Any]], proxy_values: dict[str, str]) -> list[dict[str, Any]]:
    """The winner's social commitments as targets, valued with the tender's frozen proxy values."""
    return [
        {
            "proxy": c["proxy"],
            "quantity": Decimal(str(c["quantity"])),
            "value_dkk_per_unit": Decimal(proxy_values[c["proxy"]]) if c["proxy"] in proxy_values else None,
        }
        for c in commitments
    ]
