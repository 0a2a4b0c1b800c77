"""The templates: every kind of message renders in Danish and English, with a subject, a text and an HTML body."""

from typing import Any

import pytest

from services.notifications import domain
from services.notifications.messages import Message, MessageRenderer

renderer = MessageRenderer()
TENDER = domain.TenderNames(
    reference="KOL-2026-017",
    title="Parkpleje",
    title_en="Park maintenance",
    lots={"1": domain.LotNames(title="Parkpleje", criterion_kinds={"price": "price"})},
)
RECEIPT = {"bid_id": "bid-1", "received_at": "2026-07-01T10:05:03+00:00", "commitment_sha256": "ab" * 32}
BIDS = [{"bid_id": "bid-B", "rank": 2, "total": "6.1", "points": {"price": "9"}, "excluded_reason": None}]
NOTICE = {
    "is_winner": False,
    "winner_name": "Grøn Service A/S",
    "winner_total": "7.755",
    "decided_at": "2026-11-26T12:00:00+00:00",
    "reason": None,
    "bids": BIDS,
}


def render(kind: str, facts: dict[str, Any], language: domain.Language, name: str = "Jobværkstedet ApS") -> Message:
    words = domain.words(kind, facts, lot_id="1", tender=TENDER, to=domain.Addressee(name, language))
    return renderer.render(kind, language, words)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(("kind", "facts"), [("bid_receipt", RECEIPT), ("award_notice", NOTICE)])
def test_every_message_renders_completely(kind: str, facts: dict[str, Any], language: domain.Language) -> None:
    message = render(kind, facts, language)
    assert "KOL-2026-017" in message.subject
    assert "\n" not in message.subject
    for body in (message.text, message.html):
        assert "Jobværkstedet ApS" in body
        assert "{{" not in body
        assert "{%" not in body
    assert f'<html lang="{language}">' in message.html


def test_a_receipt_states_the_time_of_receipt_and_the_commitment() -> None:
    message = render("bid_receipt", RECEIPT, "da")
    assert message.subject == "Kvittering for tilbud: KOL-2026-017 Parkpleje"
    assert "1. juli 2026 kl. 12:05:03 (dansk tid)" in message.text
    assert "ab" * 32 in message.text
    assert "ab" * 32 in message.html


def test_a_losing_bidder_reads_its_points_the_winner_and_how_to_complain() -> None:
    danish, english = render("award_notice", NOTICE, "da"), render("award_notice", NOTICE, "en")
    assert "ikke har vundet" in danish.text
    assert "Pris: 9,00 point" in danish.text
    assert "I alt: 6,10 point (nr. 2)" in danish.text
    assert "Det vindende tilbud fra Grøn Service A/S fik i alt 7,76 point." in danish.text
    assert "Klagenævnet for Udbud" in danish.text
    assert "standstill-periode på 10 kalenderdage" in danish.text
    assert english.subject == "Award decision: KOL-2026-017 Park maintenance"
    assert "has not won" in english.text
    assert "Total: 6.10 points (rank 2)" in english.text
    assert "standstill period of 10 calendar days" in english.text


def test_the_winner_is_told_it_won_without_being_compared_with_itself() -> None:
    message = render("award_notice", {**NOTICE, "is_winner": True}, "en")
    assert "your tender has won" in message.text
    assert "The winning tender from" not in message.text


def test_an_excluded_bid_is_told_why_instead_of_points() -> None:
    excluded: list[dict[str, Any]] = [
        {"bid_id": "bid-C", "rank": None, "total": None, "points": {}, "excluded_reason": "late"}
    ]
    message = render("award_notice", {**NOTICE, "bids": excluded}, "da")
    assert "Tilbuddet indgik ikke i evalueringen: late" in message.text
    assert "I alt" not in message.text


def test_names_are_escaped_in_html_but_not_in_text() -> None:
    message = render("bid_receipt", RECEIPT, "en", name="Smith & <Sons>")
    assert "Smith &amp; &lt;Sons&gt;" in message.html
    assert "Dear Smith & <Sons>" in message.text
