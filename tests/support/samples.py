"""A valid example of every event in the catalogue, for contract and plumbing tests."""

from datetime import UTC, datetime, timedelta
from typing import Any

from shared import events
from shared.events import Actor, Event

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
OFFICER = Actor(kind="user", id="officer-anne", role="officer")
GOLDEN_MODEL: dict[str, Any] = {
    "format": "evaluation-request/1",
    "scale_max": "10",
    "criteria": [
        {
            "id": "price",
            "kind": "price",
            "weight": "0.40",
            "method": "linear_relative",
            "params": {"slope": "0.5"},
        },
        {"id": "quality", "kind": "quality", "weight": "0.35", "method": "direct"},
        {"id": "social", "kind": "social", "weight": "0.25", "method": "monetised_relative"},
    ],
    "proxy_values": {"DK_LTU_HIRE": "122000"},
}


def payload_for(event: type[Event], key: str) -> dict[str, Any]:
    tender = {"tender_id": key}
    notification = {
        "notification_id": "n-1",
        "recipient_id": key,
        "channel": "email",
        "message_kind": "award_decision",
        "source_event_id": "e-1",
    }
    payloads: dict[type[Event], dict[str, Any]] = {
        events.TenderPublished: {
            **tender,
            "reference": "KOL-2026-017",
            "title": "Parkpleje i Kolding",
            "deadline": NOW + timedelta(days=35),
            "lots": [{"lot_id": "1", "title": "Parkpleje", "evaluation_model": GOLDEN_MODEL}],
        },
        events.TenderAmended: {
            **tender,
            "amendment_id": "a-1",
            "number": 1,
            "summary": "Tilbudsfristen er forlænget",
            "changed": ["deadline"],
            "deadline": NOW + timedelta(days=40),
            "deadline_before": NOW + timedelta(days=35),
            "deadline_moved": False,
        },
        events.TenderCancelled: {**tender, "reason": "Behovet er bortfaldet", "cancelled_at": NOW},
        events.QuestionAnswered: {
            **tender,
            "question_id": "q-1",
            "number": 1,
            "question": "Må vi byde på delaftale 1 alene?",
            "answer": "Ja.",
            "answered_at": NOW,
        },
        events.BidderRegistered: {
            "bidder_id": key,
            "name": "Jobværkstedet ApS",
            "cvr": "13585628",
            "email": "tilbud@jobvaerkstedet.dk",
            "rsv_registered": True,
        },
        events.BidReceived: {
            **tender,
            "lot_id": "1",
            "bid_id": "bid-1",
            "bidder_id": "b-1",
            "received_at": NOW,
            "commitment_sha256": "0" * 64,
        },
        events.BidWithdrawn: {**tender, "lot_id": "1", "bid_id": "bid-1", "bidder_id": "b-1", "withdrawn_at": NOW},
        events.BidAccessAttempted: {
            **tender,
            "bid_id": "bid-1",
            "allowed": False,
            "reason": "sealed",
            "attempted_at": NOW,
        },
        events.TenderClosed: {**tender, "closed_at": NOW, "bids_opened": 3},
        events.BidsOpened: {
            **tender,
            "opened_at": NOW,
            "bids": [
                {
                    "bid_id": "bid-1",
                    "lot_id": "1",
                    "bidder_id": "b-1",
                    "received_at": NOW,
                    "commitment_sha256": "0" * 64,
                    "salt": "00" * 16,
                    "content": {"price": "2400000"},
                }
            ],
        },
        events.CommitteeMemberAssigned: {**tender, "evaluator_id": "eva"},
        events.ConflictDeclared: {**tender, "evaluator_id": "eva", "has_conflict": False},
        events.PointsEntered: {
            **tender,
            "lot_id": "1",
            "bid_id": "bid-1",
            "criterion_id": "quality",
            "evaluator_id": "eva",
            "points": "7",
            "justification": "Klar plan for pleje",
        },
        events.ConsensusRecorded: {
            **tender,
            "lot_id": "1",
            "method": "consensus meeting",
            "held_on": NOW.date(),
            "points": [
                {"bid_id": "bid-1", "criterion_id": "quality", "points": "7", "justification": "Klar plan for pleje"}
            ],
        },
        events.BidAssessed: {
            **tender,
            "lot_id": "1",
            "bid_id": "bid-1",
            "aspect": "compliance",
            "outcome": "compliant",
        },
        events.StandstillStarted: {
            **tender,
            "lot_id": "1",
            "award_event_id": "e-2",
            "notified_on": NOW.date(),
            "channel": "electronic",
            "ends_at": NOW + timedelta(days=10),
        },
        events.ComplaintRecorded: {
            **tender,
            "lot_id": "1",
            "complaint_id": "c-1",
            "filed_on": NOW.date(),
            "complainant": "Park & Vej A/S",
            "suspensive": True,
        },
        events.ContractSigned: {
            **tender,
            "lot_id": "1",
            "contract_id": "k-1",
            "supplier_bidder_id": "b-1",
            "supplier_name": "Jobværkstedet ApS",
            "signed_at": NOW,
            "value_dkk": "2760000",
            "contract_start": "2027-04-01",
            "contract_end": "2029-03-31",
            "proxy_table_version": "DK-2026.1",
            "targets": [{"proxy": "DK_LTU_HIRE", "quantity": "3", "value_dkk_per_unit": "122000"}],
        },
        events.OutcomeReported: {
            **tender,
            "contract_id": "k-1",
            "report_id": "r-1",
            "period_index": 0,
            "period_start": "2027-04-01",
            "period_end": "2027-06-30",
            "reported_at": NOW,
            "lines": [{"proxy": "DK_LTU_HIRE", "quantity": "0.75", "evidence": ["doc-17"]}],
        },
        events.OutcomeReviewed: {
            **tender,
            "contract_id": "k-1",
            "report_id": "r-1",
            "period_index": 0,
            "verified": False,
            "reason": "Dokumentation mangler",
            "reviewed_at": NOW,
        },
        events.OutcomeReportDue: {
            **tender,
            "contract_id": "k-1",
            "supplier_bidder_id": "b-1",
            "period_index": 0,
            "period_start": "2027-04-01",
            "period_end": "2027-06-30",
            "due_on": "2027-07-30",
            "late": False,
        },
        events.EvaluationRequested: {**GOLDEN_MODEL, **tender, "lot_id": "1", "bids": []},
        events.AwardDecided: {
            **tender,
            "lot_id": "1",
            "evaluation_request_id": "e-1",
            "winner_bid_id": "bid-1",
            "winner_bidder_id": "b-1",
            "winner_name": "Jobværkstedet ApS",
            "decided_at": NOW,
            "standings": [
                {"bidder_id": "b-1", "bid_id": "bid-1", "rank": 1, "total": "7.75", "points": {"price": "7"}}
            ],
        },
        events.EvaluationCompleted: {
            **tender,
            "lot_id": "1",
            "request_event_id": "e-1",
            "result": {"format": "evaluation-result/1"},
        },
        events.EvaluationRejected: {
            **tender,
            "lot_id": "1",
            "request_event_id": "e-1",
            "problems": [{"path": "criteria", "reason": "weights sum to 0.95, not 1"}],
        },
        events.NotificationSent: {**notification, "sent_at": NOW},
        events.NotificationFailed: {**notification, "attempts": 5, "error": "550 mailbox unavailable"},
        events.AwardNoticesDispatched: {
            **tender,
            "lot_id": "1",
            "award_event_id": "e-2",
            "dispatched_at": NOW,
        },
    }
    return payloads[event]


def sample_event(event: type[Event], key: str = "T-1") -> Event:
    return event(occurred_at=NOW, correlation_id=f"lifecycle-{key}", actor=OFFICER, payload=payload_for(event, key))
