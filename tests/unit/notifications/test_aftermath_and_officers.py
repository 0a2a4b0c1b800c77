"""After the award (standstill, contract, outcome reports), and the officers' own messages."""

from datetime import UTC, date, datetime

from services.notifications import domain
from shared import events
from shared.events import Actor

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
OFFICER = Actor(kind="user", id="anne@kolding.dk", role="officer")


def contract_signed() -> events.ContractSigned:
    payload = {
        "tender_id": "T-1",
        "lot_id": "1",
        "contract_id": "k-1",
        "supplier_bidder_id": "b-job",
        "supplier_name": "Jobværkstedet ApS",
        "signed_at": NOW,
        "value_dkk": "2760000",
        "contract_start": "2027-04-01",
        "contract_end": "2029-03-31",
        "proxy_table_version": "DK-2026.1",
        "targets": [{"proxy": "DK_LTU_HIRE", "quantity": "3", "value_dkk_per_unit": "122000"}],
    }
    return events.ContractSigned(occurred_at=NOW, correlation_id="c", actor=OFFICER, payload=payload)


def test_the_standstill_end_goes_to_every_bidder_the_award_told_once_each() -> None:
    payload = {
        "tender_id": "T-1",
        "lot_id": "1",
        "award_event_id": "e-award",
        "notified_on": date(2026, 11, 26),
        "channel": "electronic",
        "ends_at": datetime(2026, 12, 7, 22, 59, 59, tzinfo=UTC),
    }
    started = events.StandstillStarted(occurred_at=NOW, correlation_id="c", actor=OFFICER, payload=payload)
    planned = domain.standstill_notices(started, ["b-2", "b-1", "b-2"])
    assert [(p.recipient_id, p.channel) for p in planned] == [
        ("b-1", "email"),
        ("b-1", "inbox"),
        ("b-2", "email"),
        ("b-2", "inbox"),
    ]
    assert planned[0].facts["ends_at"] == "2026-12-07T22:59:59+00:00"


def test_the_supplier_is_told_the_contract_in_full_and_the_others_only_that_and_when_it_was_signed() -> None:
    planned = domain.contract_notices(contract_signed(), ["b-job", "b-groen", "b-nordic"])
    facts = {p.recipient_id: p.facts for p in planned if p.channel == "email"}
    assert facts["b-job"]["is_supplier"] is True
    assert facts["b-job"]["value_dkk"] == "2760000"
    assert facts["b-job"]["targets"] == [{"proxy": "DK_LTU_HIRE", "quantity": "3"}]
    for other in ("b-groen", "b-nordic"):
        assert facts[other] == {
            "supplier_name": "Jobværkstedet ApS",
            "signed_at": "2026-12-10T09:00:00+00:00",
            "is_supplier": False,
        }


def test_the_supplier_is_told_even_when_no_other_bidder_is_known() -> None:
    planned = domain.contract_notices(contract_signed(), [])
    assert {p.recipient_id for p in planned} == {"b-job"}


def test_an_outcome_report_due_or_late_goes_to_the_supplier() -> None:
    payload = {
        "tender_id": "T-1",
        "contract_id": "k-1",
        "supplier_bidder_id": "b-job",
        "period_index": 2,
        "period_start": date(2027, 7, 1),
        "period_end": date(2027, 9, 30),
        "due_on": date(2027, 10, 30),
        "late": False,
    }
    due = events.OutcomeReportDue(occurred_at=NOW, correlation_id="c", actor=OFFICER, payload=payload)
    planned = domain.outcome_report_notices(due)
    assert {(p.kind, p.recipient_id, p.channel) for p in planned} == {
        ("outcome_report_due", "b-job", "email"),
        ("outcome_report_due", "b-job", "inbox"),
    }
    assert planned[0].facts["due_on"] == "2027-10-30"
    late = events.OutcomeReportDue(
        occurred_at=NOW, correlation_id="c", actor=OFFICER, payload={**payload, "late": True}
    )
    assert {p.kind for p in domain.outcome_report_notices(late)} == {"outcome_report_late"}


def test_an_officers_email_is_its_actor_id_when_that_is_an_address_else_the_shared_mailbox() -> None:
    assert domain.officer_email("anne.officer@kolding.dk", "udbud@kolding.dk") == "anne.officer@kolding.dk"
    assert domain.officer_email("officer-anne", "udbud@kolding.dk") == "udbud@kolding.dk"


def test_the_officer_is_told_the_evaluation_finished_even_before_the_tender_names_it() -> None:
    result = {
        "ranking": [{"rank": 1, "bid_id": "B", "total": "7.7500"}, {"rank": 2, "bid_id": "A", "total": "6.1"}],
        "excluded": [{"bid_id": "C", "reason": "late"}],
        "warnings": [{"code": "tie", "message": "Two bids tie"}],
    }
    payload = {"tender_id": "T-1", "lot_id": "1", "request_event_id": "e-1", "result": result}
    completed = events.EvaluationCompleted(occurred_at=NOW, correlation_id="c", actor=OFFICER, payload=payload)
    known, unknown = (domain.evaluation_completed_notices(completed, officer) for officer in ("anne@kolding.dk", None))
    assert known[0].facts == {
        "ranked": 2,
        "excluded": 1,
        "leading_bid_id": "B",
        "leading_total": "7.7500",
        "warnings": ["Two bids tie"],
    }
    assert {p.recipient_id for p in unknown} == {domain.UNKNOWN_OFFICER}
    assert [p.notification_id for p in known] == [p.notification_id for p in unknown]  # the same, whoever it is


def test_a_failed_delivery_is_reported_to_the_officer_with_what_whom_and_why() -> None:
    failed = domain.FailedDelivery(
        notification_id="n-1",
        recipient_id="b-nordic",
        recipient_name="Nordic Parks Ltd",
        kind="award_notice",
        channel="webhook",
        tender_id="T-1",
        lot_id="1",
        attempts=3,
        error="HTTP 500 Internal Server Error",
        failed_at=NOW,
    )
    planned = domain.failure_notices("e-failed", failed, "anne@kolding.dk")
    assert [(p.recipient_id, p.channel, p.kind) for p in planned] == [
        ("anne@kolding.dk", "email", "notification_failed"),
        ("anne@kolding.dk", "inbox", "notification_failed"),
    ]
    assert planned[0].facts["error"] == "HTTP 500 Internal Server Error"
