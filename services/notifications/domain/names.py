"""What messages call things: a tender by its reference and title, its lots and criteria, and the addressee.

The notifications service keeps a small read model of each tender, built from its publication and then its
amendments in number order, so that a message always names the tender as it currently reads.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from services.notifications.domain.formats import Language, language_of
from shared.events.procurement import Lot, TenderAmendedPayload, TenderPublishedPayload


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


@dataclass(frozen=True)
class Addressee:
    name: str
    language: Language


def tender_names(published: TenderPublishedPayload) -> TenderNames:
    """The names a published tender gives its messages: reference, titles, and each lot's criteria by kind."""
    return TenderNames(
        reference=published.reference,
        title=published.title,
        title_en=published.title_en,
        lots=lots_names(published.lots),
    )


def lots_names(lots: list[Lot]) -> dict[str, LotNames]:
    return {lot.lot_id: LotNames(title=lot.title, criterion_kinds=_criterion_kinds(lot)) for lot in lots}


def amendment_changes(amended: TenderAmendedPayload) -> dict[str, Any]:
    """What an amendment changes in the names, as JSON-safe values: only what it actually sets."""
    changes: dict[str, Any] = {}
    if amended.title:
        changes["title"] = amended.title
    if amended.title_en:
        changes["title_en"] = amended.title_en
    if amended.lots:
        changes["lots"] = {
            lot_id: {"title": names.title, "criterion_kinds": names.criterion_kinds}
            for lot_id, names in lots_names(amended.lots).items()
        }
    return changes


def amended(names: TenderNames, changes: dict[str, Any]) -> TenderNames:
    """The names after an amendment's `changes` (from `amendment_changes`)."""
    lots = {lot_id: LotNames(**lot) for lot_id, lot in changes["lots"].items()} if "lots" in changes else names.lots
    return replace(
        names, title=changes.get("title", names.title), title_en=changes.get("title_en", names.title_en), lots=lots
    )


def addressee(name: str, language_code: str | None) -> Addressee:
    return Addressee(name=name, language=language_of(language_code))


def _criterion_kinds(lot: Lot) -> dict[str, str]:
    # The frozen evaluation model was checked by procurement; a criterion without id or kind is just not named.
    criteria = lot.evaluation_model.get("criteria") or []
    return {str(c["id"]): str(c["kind"]) for c in criteria if isinstance(c, dict) and "id" in c and "kind" in c}
