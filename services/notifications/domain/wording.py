"""What a message says in its recipient's language: a planned notification's facts made readable.

The templates lay the words out; `words` gives them their variables: the values of the facts as `formats`
writes them, the tender named as it currently reads. This module words the messages of a tender's open
phase; `award_wording` those from the award on, and the officers'.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from services.notifications.domain import award_wording
from services.notifications.domain.formats import Language, local_time
from services.notifications.domain.names import Addressee, LotNames, TenderNames

Phrasing = Callable[[dict[str, Any], LotNames | None, Language], dict[str, Any]]

_CHANGED: dict[Language, dict[str, str]] = {
    "da": {
        "title": "titel",
        "title_en": "engelsk titel",
        "description": "beskrivelse",
        "deadline": "tilbudsfrist",
        "lots": "delaftaler og evalueringsmodel",
    },
    "en": {
        "title": "title",
        "title_en": "English title",
        "description": "description",
        "deadline": "deadline",
        "lots": "lots and evaluation model",
    },
}


def words(kind: str, facts: dict[str, Any], *, lot_id: str, tender: TenderNames, to: Addressee) -> dict[str, Any]:
    """The variables of a message's templates, in `to.language`."""
    phrasing = _PHRASINGS.get(kind)
    if phrasing is None:
        raise ValueError(f"no message for notifications of kind {kind!r}")
    lot = tender.lots.get(lot_id)
    common = {
        "recipient_name": to.name,
        "reference": tender.reference,
        "tender_title": tender.title_in(to.language),
        "lot_title": lot.title if lot else lot_id,
    }
    return {**common, **phrasing(facts, lot, to.language)}


def _receipt(facts: dict[str, Any], _lot: LotNames | None, language: Language) -> dict[str, Any]:
    return {
        "bid_id": facts["bid_id"],
        "received_at": _time(facts["received_at"], language),
        "commitment_sha256": facts["commitment_sha256"],
    }


def _amendment(facts: dict[str, Any], _lot: LotNames | None, language: Language) -> dict[str, Any]:
    english_summary = facts.get("summary_en") if language == "en" else None
    return {
        "number": facts["number"],
        "summary": english_summary or facts["summary"],
        "summary_in_danish": language == "en" and not english_summary,
        "changed": [_CHANGED[language].get(change, change) for change in facts["changed"]],
        "deadline": _time(facts["deadline"], language),
        "deadline_before": _time(facts["deadline_before"], language),
        "deadline_changed": facts["deadline"] != facts["deadline_before"],
        "deadline_moved": facts["deadline_moved"],
        "keep_deadline_reason": facts.get("keep_deadline_reason"),
    }


def _answer(facts: dict[str, Any], _lot: LotNames | None, language: Language) -> dict[str, Any]:
    return {
        "number": facts["number"],
        "question": facts["question"],
        "answer": facts["answer"],
        "answered_at": _time(facts["answered_at"], language),
    }


def _reminder(facts: dict[str, Any], _lot: LotNames | None, language: Language) -> dict[str, Any]:
    return {"deadline": _time(facts["deadline"], language), "hours_before": f"{float(facts['hours_before']):g}"}


def _cancellation(facts: dict[str, Any], _lot: LotNames | None, language: Language) -> dict[str, Any]:
    return {"reason": facts["reason"], "cancelled_at": _time(facts["cancelled_at"], language)}


def _time(iso: str, language: Language) -> str:
    return local_time(datetime.fromisoformat(iso), language)


_PHRASINGS: dict[str, Phrasing] = {
    "bid_receipt": _receipt,
    "tender_amended": _amendment,
    "question_answered": _answer,
    "deadline_reminder": _reminder,
    "tender_cancelled": _cancellation,
    **award_wording.PHRASINGS,
}
