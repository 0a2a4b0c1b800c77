"""What a message says in its recipient's language: a planned notification's facts made readable.

The templates lay the words out; this module decides how the values read there: points with 2 decimals (a
decimal comma in Danish), times in Copenhagen, criteria by name, the tender's title in the right language.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from shared.clock import COPENHAGEN
from shared.events.procurement import Lot, TenderPublishedPayload

Language = Literal["da", "en"]

_MONTHS: dict[Language, tuple[str, ...]] = {
    "da": (
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
_CRITERION_KINDS: dict[Language, dict[str, str]] = {
    "da": {"price": "Pris", "quality": "Kvalitet", "social": "Social værdi"},
    "en": {"price": "Price", "quality": "Quality", "social": "Social value"},
}
_CENTS = Decimal("0.01")


@dataclass(frozen=True)
class LotNames:
    title: str
    criterion_kinds: dict[str, str] = field(default_factory=dict)  # criterion id → price, quality or social


@dataclass(frozen=True)
class TenderNames:
    """What the tender read model knows of a tender: enough to name it in a message."""

    reference: str
    title: str
    title_en: str | None = None
    lots: dict[str, LotNames] = field(default_factory=dict)

    def title_in(self, language: Language) -> str:
        return self.title_en if language == "en" and self.title_en else self.title


def tender_names(published: TenderPublishedPayload) -> TenderNames:
    """The names a published tender gives its messages: reference, titles, and each lot's criteria by kind."""
    lots = {lot.lot_id: LotNames(title=lot.title, criterion_kinds=_criterion_kinds(lot)) for lot in published.lots}
    return TenderNames(reference=published.reference, title=published.title, title_en=published.title_en, lots=lots)


def _criterion_kinds(lot: Lot) -> dict[str, str]:
    # The frozen evaluation model was checked by procurement; a criterion without id or kind is just not named.
    criteria = lot.evaluation_model.get("criteria") or []
    return {str(c["id"]): str(c["kind"]) for c in criteria if isinstance(c, dict) and "id" in c and "kind" in c}


@dataclass(frozen=True)
class Addressee:
    name: str
    language: Language


def language_of(code: str) -> Language:
    """A stored language code as a language: English when asked for, otherwise Danish, the municipality's own."""
    return "en" if code == "en" else "da"


def words(kind: str, facts: dict[str, Any], *, lot_id: str, tender: TenderNames, to: Addressee) -> dict[str, Any]:
    """The variables of a message's templates, in `to.language`."""
    language = to.language
    lot = tender.lots.get(lot_id)
    common = {
        "recipient_name": to.name,
        "reference": tender.reference,
        "tender_title": tender.title_in(language),
        "lot_title": lot.title if lot else lot_id,
    }
    if kind == "bid_receipt":
        return {**common, **_receipt_words(facts, language)}
    if kind == "award_notice":
        return {**common, **_award_words(facts, lot.criterion_kinds if lot else {}, language)}
    raise ValueError(f"no message for notifications of kind {kind!r}")


def local_time(moment: datetime, language: Language) -> str:
    """A moment as people in Kolding read it: Copenhagen time, to the second (a receipt is evidence)."""
    local = moment.astimezone(COPENHAGEN)
    month = _MONTHS[language][local.month - 1]
    if language == "da":
        return f"{local.day}. {month} {local.year} kl. {local:%H:%M:%S}"
    return f"{local.day} {month} {local.year} at {local:%H:%M:%S}"


def points(value: str | None, language: Language) -> str | None:
    """Points with exactly 2 decimals, rounded half up, with the language's decimal separator."""
    if value is None:
        return None
    text = f"{Decimal(value).quantize(_CENTS, rounding=ROUND_HALF_UP):f}"
    return text.replace(".", ",") if language == "da" else text


def criterion_label(criterion_id: str, kind: str | None, language: Language) -> str:
    """A criterion by the name of its kind ("Pris"), with its id only when the kind alone is ambiguous."""
    label = _CRITERION_KINDS[language].get(kind or "")
    if label is None:
        return criterion_id
    return label if criterion_id == kind else f"{label} ({criterion_id})"


def _receipt_words(facts: dict[str, Any], language: Language) -> dict[str, Any]:
    return {
        "bid_id": facts["bid_id"],
        "received_at": local_time(datetime.fromisoformat(facts["received_at"]), language),
        "commitment_sha256": facts["commitment_sha256"],
    }


def _award_words(facts: dict[str, Any], criterion_kinds: dict[str, str], language: Language) -> dict[str, Any]:
    return {
        "is_winner": facts["is_winner"],
        "winner_name": facts["winner_name"],
        "winner_total": points(facts["winner_total"], language),
        "decided_at": local_time(datetime.fromisoformat(facts["decided_at"]), language),
        "reason": facts["reason"],
        "bids": [
            {
                "bid_id": bid["bid_id"],
                "rank": bid["rank"],
                "total": points(bid["total"], language),
                "excluded_reason": bid["excluded_reason"],
                "points": [
                    (criterion_label(criterion, criterion_kinds.get(criterion), language), points(value, language))
                    for criterion, value in bid["points"].items()
                ],
            }
            for bid in facts["bids"]
        ],
    }
