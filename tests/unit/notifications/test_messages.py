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
ADVANTAGE = {"criterion_id": "price", "winner_points": "9.5", "own_points": "9", "justification": "Lavere timepris"}
BIDS = [
    {
        "bid_id": "bid-B",
        "rank": 2,
        "total": "6.1",
        "points": {"price": "9"},
        "excluded_reason": None,
        "advantages": [ADVANTAGE],
    }
]
NOTICE = {
    "is_winner": False,
    "winner_name": "Grøn Service A/S",
    "winner_total": "7.755",
    "decided_at": "2026-11-26T12:00:00+00:00",
    "reason": None,
    "bids": BIDS,
}


AMENDMENT = {
    "number": 2,
    "summary": "Mængden af græsslåning er rettet",
    "summary_en": None,
    "changed": ["description", "deadline"],
    "deadline": "2026-12-03T11:00:00+00:00",
    "deadline_before": "2026-12-01T11:00:00+00:00",
    "deadline_moved": True,
    "keep_deadline_reason": None,
}
ANSWER = {"number": 3, "question": "Må vi byde alene?", "answer": "Ja.", "answered_at": "2026-11-02T09:00:00+00:00"}
REMINDER = {"deadline": "2026-12-01T11:00:00+00:00", "hours_before": 48}
CANCELLATION = {"reason": "Behovet er bortfaldet", "cancelled_at": "2026-11-20T10:00:00+00:00"}
STANDSTILL = {
    "award_event_id": "e-1",
    "notified_on": "2026-11-26",
    "channel": "electronic",
    "ends_at": "2026-12-07T22:59:59+00:00",
}
SUPPLIER = {
    "is_supplier": True,
    "supplier_name": "Jobværkstedet ApS",
    "signed_at": "2026-12-10T09:00:00+00:00",
    "contract_id": "k-1",
    "value_dkk": "2760000",
    "contract_start": "2027-04-01",
    "contract_end": "2029-03-31",
    "targets": [{"proxy": "DK_LTU_HIRE", "quantity": "3"}],
}
NOT_SUPPLIER = {"is_supplier": False, "supplier_name": "Jobværkstedet ApS", "signed_at": "2026-12-10T09:00:00+00:00"}
REPORT = {
    "contract_id": "k-1",
    "period_index": 2,
    "period_start": "2027-07-01",
    "period_end": "2027-09-30",
    "due_on": "2027-10-30",
}
EVALUATION = {"ranked": 2, "excluded": 1, "leading_bid_id": "B", "leading_total": "7.75", "warnings": ["Two bids tie"]}
FAILURE = {
    "notification_id": "n-1",
    "recipient_id": "b-nordic",
    "recipient_name": "Nordic Parks Ltd",
    "message_kind": "award_notice",
    "channel": "webhook",
    "attempts": 3,
    "error": "HTTP 500 Internal Server Error",
    "failed_at": "2026-11-26T12:30:00+00:00",
}
EVERY_KIND = [
    ("bid_receipt", RECEIPT),
    ("tender_amended", AMENDMENT),
    ("question_answered", ANSWER),
    ("deadline_reminder", REMINDER),
    ("tender_cancelled", CANCELLATION),
    ("award_notice", NOTICE),
    ("standstill_ends", STANDSTILL),
    ("contract_signed", SUPPLIER),
    ("contract_signed", NOT_SUPPLIER),
    ("outcome_report_due", REPORT),
    ("outcome_report_late", REPORT),
    ("evaluation_completed", EVALUATION),
    ("notification_failed", FAILURE),
]


def render(kind: str, facts: dict[str, Any], language: domain.Language, name: str = "Jobværkstedet ApS") -> Message:
    words = domain.words(kind, facts, lot_id="1", tender=TENDER, to=domain.Addressee(name, language))
    return renderer.render(kind, language, words)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(("kind", "facts"), EVERY_KIND)
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


def test_a_losing_bidder_reads_where_the_winner_did_better_in_numbers_with_the_justification() -> None:
    danish, english = render("award_notice", NOTICE, "da"), render("award_notice", NOTICE, "en")
    assert "Pris: vinderen 9,50 point, I 9,00 point (forskel 0,50)" in danish.text
    assert "Bedømmelsesudvalgets begrundelse: Lavere timepris" in danish.text
    assert "Price: winner 9.50 points, yours 9.00 points (difference 0.50)" in english.text
    assert "<td>Lavere timepris</td>" in danish.html


def test_an_amendment_tells_what_changed_and_the_new_deadline() -> None:
    danish, english = render("tender_amended", AMENDMENT, "da"), render("tender_amended", AMENDMENT, "en")
    assert danish.subject == "Rettelse 2 til udbuddet: KOL-2026-017 Parkpleje"
    assert "Ændret: beskrivelse, tilbudsfrist" in danish.text
    assert "Tilbudsfristen er nu 3. december 2026 kl. 12:00:00 (dansk tid)" in danish.text
    assert "Før rettelsen var den 1. december 2026 kl. 12:00:00" in danish.text
    assert "mindst seks dage" in danish.text
    assert "(The amendment is published in Danish only.)" in english.text  # no English summary was given
    assert "The deadline for tenders is now 3 December 2026 at 12:00:00" in english.text


def test_an_unchanged_deadline_is_said_to_be_unchanged() -> None:
    same = {**AMENDMENT, "deadline": AMENDMENT["deadline_before"], "deadline_moved": False, "changed": ["title"]}
    assert "Tilbudsfristen er uændret: 1. december 2026 kl. 12:00:00" in render("tender_amended", same, "da").text


def test_an_answer_tells_the_question_and_the_answer_but_not_who_asked() -> None:
    message = render("question_answered", ANSWER, "da")
    assert "Spørgsmål:\nMå vi byde alene?\n\nSvar:\nJa." in message.text
    assert "hvem der\nspurgte, oplyses ikke" in message.text


def test_a_reminder_tells_the_deadline_and_why_it_came() -> None:
    message = render("deadline_reminder", REMINDER, "en")
    assert message.subject == "Deadline reminder: KOL-2026-017 Park maintenance"
    assert "1 December 2026 at 12:00:00 (Copenhagen time)" in message.text
    assert "We write 48 hours before the deadline" in message.text


def test_the_standstill_end_is_told_in_copenhagen_time() -> None:
    message = render("standstill_ends", STANDSTILL, "da")
    assert "Standstill-perioden udløber 7. december 2026 kl. 23:59:59 (dansk tid)." in message.text
    assert "meddelt den 26. november 2026 (elektronisk)" in message.text


def test_the_supplier_reads_its_contract_and_the_others_only_whom_and_when() -> None:
    supplier, other = render("contract_signed", SUPPLIER, "da"), render("contract_signed", NOT_SUPPLIER, "da")
    assert "Kontraktsum:  2.760.000,00 kr." in supplier.text
    assert "ansættelser fra kanten af arbejdsmarkedet: 3" in supplier.text
    assert "indgået kontrakt med Jobværkstedet ApS" in other.text
    for secret in ("2.760.000", "k-1", "ansættelser"):
        assert secret not in other.text
        assert secret not in other.html
    assert "Contract value:  DKK 2,760,000.00" in render("contract_signed", SUPPLIER, "en").text


def test_the_officer_reads_which_message_failed_to_whom_and_why() -> None:
    message = render("notification_failed", FAILURE, "da", name="anne@kolding.dk")
    assert message.subject == "Meddelelse ikke leveret: KOL-2026-017 Parkpleje"
    assert "En meddelelse (tildelingsbeslutning) til Nordic Parks Ltd (b-nordic)" in message.text
    assert "som webhook\nefter 3 forsøg" in message.text
    assert "Sidste fejl: HTTP 500 Internal Server Error" in message.text


def test_an_overdue_outcome_report_says_so() -> None:
    due, late = render("outcome_report_due", REPORT, "en"), render("outcome_report_late", REPORT, "en")
    assert "is due by 30 October 2027" in due.text
    assert "was due by 30 October 2027, and we have\nnot received it" in late.text
