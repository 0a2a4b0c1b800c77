"""What a message says in its recipient's language: points, times, criteria and titles as people read them."""

from datetime import UTC, datetime

import pytest

from services.notifications import domain
from shared.events.procurement import TenderPublishedPayload

TENDER = domain.TenderNames(
    reference="KOL-2026-017",
    title="Parkpleje i Kolding",
    title_en="Park maintenance in Kolding",
    lots={"1": domain.LotNames(title="Parkpleje", criterion_kinds={"price": "price", "q2": "quality"})},
)
AWARD_FACTS = {
    "is_winner": False,
    "winner_name": "Grøn Service A/S",
    "winner_total": "7.755",
    "decided_at": "2026-11-26T12:00:00+00:00",
    "reason": None,
    "bids": [
        {"bid_id": "bid-B", "rank": 2, "total": "6.1", "points": {"price": "9", "q2": "4"}, "excluded_reason": None}
    ],
}


@pytest.mark.parametrize(
    ("value", "language", "shown"),
    [
        ("7.755", "da", "7,76"),
        ("7.755", "en", "7.76"),
        ("10", "da", "10,00"),
        ("0.004", "en", "0.00"),
        (None, "da", None),
    ],
)
def test_points_show_two_decimals_rounded_half_up_with_the_languages_separator(
    value: str | None, language: domain.Language, shown: str | None
) -> None:
    assert domain.points(value, language) == shown


def test_times_are_shown_in_copenhagen_summer_and_winter() -> None:
    assert domain.local_time(datetime(2026, 7, 1, 10, 5, 3, tzinfo=UTC), "da") == "1. juli 2026 kl. 12:05:03"
    assert domain.local_time(datetime(2026, 11, 26, 12, 0, tzinfo=UTC), "en") == "26 November 2026 at 13:00:00"


def test_a_criterion_is_named_by_its_kind_and_by_its_id_only_when_needed() -> None:
    assert domain.criterion_label("price", "price", "da") == "Pris"
    assert domain.criterion_label("q2", "quality", "en") == "Quality (q2)"
    assert domain.criterion_label("green", None, "da") == "green"


def test_an_award_notice_reads_in_the_recipients_language() -> None:
    danish = domain.words("award_notice", AWARD_FACTS, lot_id="1", tender=TENDER, to=domain.Addressee("B", "da"))
    english = domain.words("award_notice", AWARD_FACTS, lot_id="1", tender=TENDER, to=domain.Addressee("B", "en"))
    assert (danish["tender_title"], english["tender_title"]) == ("Parkpleje i Kolding", "Park maintenance in Kolding")
    assert danish["bids"][0]["points"] == [("Pris", "9,00"), ("Kvalitet (q2)", "4,00")]
    assert (danish["winner_total"], english["winner_total"]) == ("7,76", "7.76")
    assert english["decided_at"] == "26 November 2026 at 13:00:00"
    assert danish["lot_title"] == "Parkpleje"


def test_a_receipt_shows_the_copenhagen_time_and_the_commitment() -> None:
    facts = {"bid_id": "bid-1", "received_at": "2026-07-01T10:05:03+00:00", "commitment_sha256": "ab" * 32}
    english = domain.words("bid_receipt", facts, lot_id="9", tender=TENDER, to=domain.Addressee("A", "en"))
    assert english["received_at"] == "1 July 2026 at 12:05:03"
    assert english["commitment_sha256"] == "ab" * 32
    assert english["lot_title"] == "9"  # a lot the tender does not name is shown by its id


def test_without_an_english_title_english_messages_use_the_danish_one() -> None:
    assert domain.TenderNames(reference="R", title="Parkpleje").title_in("en") == "Parkpleje"


def test_an_unknown_kind_of_message_is_refused() -> None:
    with pytest.raises(ValueError, match="newsletter"):
        domain.words("newsletter", {}, lot_id="1", tender=TENDER, to=domain.Addressee("A", "da"))


def test_a_language_code_other_than_english_reads_as_danish() -> None:
    assert [domain.language_of(code) for code in ("en", "da", "de")] == ["en", "da", "da"]


def test_a_published_tender_names_its_lots_and_their_criteria_by_kind() -> None:
    published = TenderPublishedPayload.model_validate(
        {
            "tender_id": "T-1",
            "reference": "KOL-2026-017",
            "title": "Parkpleje",
            "deadline": datetime(2026, 12, 31, tzinfo=UTC),
            "lots": [
                {
                    "lot_id": "1",
                    "title": "Parkpleje nord",
                    "evaluation_model": {"criteria": [{"id": "price", "kind": "price"}, {"weight": "0.4"}]},
                }
            ],
        }
    )
    names = domain.tender_names(published)
    assert names.lots == {"1": domain.LotNames(title="Parkpleje nord", criterion_kinds={"price": "price"})}
    assert (names.reference, names.title_en) == ("KOL-2026-017", None)
