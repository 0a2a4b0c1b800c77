"""How values read in Danish and English: times and dates in Copenhagen, points, amounts, criteria by name.

Pure formatting: `wording` decides which values a message shows, this module how each of them reads.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from shared.clock import COPENHAGEN

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


def language_of(code: str | None) -> Language:
    """A stored language code as a language: English when asked for, otherwise Danish, the municipality's own."""
    return "en" if code == "en" else "da"


def local_time(moment: datetime, language: Language) -> str:
    """A moment as people in Kolding read it: Copenhagen time, to the second (a receipt is evidence)."""
    local = moment.astimezone(COPENHAGEN)
    return f"{local_date(local.date(), language)} {'kl.' if language == 'da' else 'at'} {local:%H:%M:%S}"


def local_date(day: date, language: Language) -> str:
    """A calendar day: "7. december 2026" or "7 December 2026"."""
    month = _MONTHS[language][day.month - 1]
    return f"{day.day}. {month} {day.year}" if language == "da" else f"{day.day} {month} {day.year}"


def points(value: str | None, language: Language) -> str | None:
    """Points with exactly 2 decimals, rounded half up, with the language's decimal separator."""
    if value is None:
        return None
    return _decimal_text(Decimal(value), language, thousands=False)


def difference(larger: str, smaller: str, language: Language) -> str:
    """How many points more the first has than the second, as `points` shows them."""
    return _decimal_text(Decimal(larger) - Decimal(smaller), language, thousands=False)


def kroner(value: str, language: Language) -> str:
    """An amount in Danish kroner: "2.760.000,00 kr." or "DKK 2,760,000.00"."""
    text = _decimal_text(Decimal(value), language, thousands=True)
    return f"{text} kr." if language == "da" else f"DKK {text}"


def quantity(value: str, language: Language) -> str:
    """A count or quantity as given, without trailing zeros, with the language's decimal separator."""
    number = Decimal(value).normalize()
    text = f"{number:f}"
    return text.replace(".", ",") if language == "da" else text


def criterion_label(criterion_id: str, kind: str | None, language: Language) -> str:
    """A criterion by the name of its kind ("Pris"), with its id only when the kind alone is ambiguous."""
    label = _CRITERION_KINDS[language].get(kind or "")
    if label is None:
        return criterion_id
    return label if criterion_id == kind else f"{label} ({criterion_id})"


def _decimal_text(value: Decimal, language: Language, *, thousands: bool) -> str:
    rounded = value.quantize(_CENTS, rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}" if thousands else f"{rounded:f}"
    if language == "da":  # swap the separators: 1,234.50 → 1.234,50
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
