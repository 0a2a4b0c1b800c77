"""`recompute` on logs built here from the golden case G1: the scoring engine itself re-runs each request (the
composition root's adapter, as `procure audit recompute` uses it); what the log contradicts is reported."""

import copy
import hashlib
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from procure.audit_reports import ScoringEngine
from services.audit.domain import canonical_json
from services.audit.domain.recompute import LoggedEvent, RecomputeReport, TenderLog, recompute
from shared import events
from shared.events import Actor, Event
from tests.support.samples import NOW, OFFICER

GOLDEN = json.loads((Path(__file__).parents[1] / "scoring" / "golden" / "G1.request.json").read_text())
TENDER = GOLDEN["tender_id"]
MODEL = {k: v for k, v in GOLDEN.items() if k not in ("tender_id", "lot_id", "bids")}
SALT = "ab" * 16
SCORING = Actor(kind="service", id="scoring")


def content(bid: dict[str, Any]) -> dict[str, Any]:
    return {"price": bid["price"], "social_commitments": bid["social_commitments"]}


def commitment(bid: dict[str, Any]) -> str:
    return hashlib.sha256(bytes.fromhex(SALT) + canonical_json(content(bid))).hexdigest()


class Log:
    """Events in the order the log holds them, each as the audit service stores it."""

    def __init__(self) -> None:
        self.entries: list[LoggedEvent] = []
        self.registrations: list[LoggedEvent] = []

    def add(self, event: Event, *, minutes: int) -> Event:
        event = event.model_copy(update={"occurred_at": NOW + timedelta(minutes=minutes)})
        payload = canonical_json(json.loads(event.model_dump_json())).decode()
        entry = LoggedEvent(
            seq=len(self.entries) + len(self.registrations) + 1,
            event_id=str(event.event_id),
            event_type=event.event_type,
            payload=payload,
            payload_sha256=hashlib.sha256(payload.encode()).hexdigest(),
        )
        (self.registrations if isinstance(event, events.BidderRegistered) else self.entries).append(entry)
        return event

    def tender_log(self) -> TenderLog:
        return TenderLog(TENDER, self.entries, self.registrations)


def envelope(actor: Actor = OFFICER) -> dict[str, Any]:
    return {"occurred_at": NOW, "correlation_id": f"tender-{TENDER}", "actor": actor}


def lifecycle(request: dict[str, Any] | None = None, *, result_change: Any = None) -> Log:
    """Publication, registrations, receipts, opening, the request and scoring's answer, as the suite logs them."""
    log = Log()
    lot = {"lot_id": "1", "title": "Parkpleje", "evaluation_model": MODEL}
    published = {"tender_id": TENDER, "reference": "G1", "title": "G1", "deadline": NOW, "lots": [lot]}
    log.add(events.TenderPublished(**envelope(), payload=published), minutes=0)
    for bid in GOLDEN["bids"]:
        registered = {"bidder_id": f"b-{bid['id']}", "email": "x@example.dk", **bid["bidder"]}
        log.add(events.BidderRegistered(**envelope(), payload=registered), minutes=1)
        receipt = {"tender_id": TENDER, "lot_id": "1", "bid_id": bid["id"], "bidder_id": f"b-{bid['id']}"}
        receipt |= {"received_at": NOW, "commitment_sha256": commitment(bid)}
        log.add(events.BidReceived(**envelope(), payload=receipt), minutes=2)
    opened = [
        {"bid_id": b["id"], "lot_id": "1", "bidder_id": f"b-{b['id']}", "received_at": NOW}
        | {"commitment_sha256": commitment(b), "salt": SALT, "content": content(b)}
        for b in GOLDEN["bids"]
    ]
    log.add(
        events.BidsOpened(**envelope(), payload={"tender_id": TENDER, "opened_at": NOW, "bids": opened}), minutes=10
    )
    agreed = [
        {"bid_id": b["id"], "criterion_id": c, "points": p, "justification": "Vurderet efter udbudsbetingelserne."}
        for b in GOLDEN["bids"]
        for c, p in b["points"].items()
    ]
    consensus = {"tender_id": TENDER, "lot_id": "1", "method": "konsensusmøde", "held_on": "2027-01-05"}
    log.add(events.ConsensusRecorded(**envelope(), payload={**consensus, "points": agreed}), minutes=15)
    asked = log.add(events.EvaluationRequested(**envelope(), payload=request or GOLDEN), minutes=20)
    answer = ScoringEngine().run(json.loads(json.dumps(request or GOLDEN)), sensitivity=False)
    if answer.result is None:
        rejected = {"tender_id": TENDER, "lot_id": "1", "request_event_id": str(asked.event_id)}
        log.add(
            events.EvaluationRejected(**envelope(SCORING), payload={**rejected, "problems": answer.problems}),
            minutes=21,
        )
        return log
    result = json.loads(json.dumps(answer.result))
    if result_change:
        result_change(result)
    completed = {"tender_id": TENDER, "lot_id": "1", "request_event_id": str(asked.event_id), "result": result}
    log.add(events.EvaluationCompleted(**envelope(SCORING), payload=completed), minutes=21)
    return log


def run(log: Log) -> RecomputeReport:
    return recompute(log.tender_log(), ScoringEngine())


def statuses(report: RecomputeReport) -> dict[str, str]:
    [request] = report.requests
    return {check.name: str(check.status) for check in request.checks}


def details(report: RecomputeReport, name: str) -> list[str]:
    [request] = report.requests
    return [detail for check in request.checks if check.name == name for detail in check.details]


def test_an_untouched_log_reproduces_and_says_what_it_could_not_check() -> None:
    report = run(lifecycle())
    assert report.differences == 0
    assert statuses(report) == {
        "model": "ok",
        "amendments": "ok",
        "bids": "ok",
        "consensus points": "ok",
        "engine version": "ok",
        "re-run": "ok",
    }
    assert details(report, "consensus points")[0].startswith("3 point(s) equal the consensus recorded at seq")


def test_a_request_whose_model_is_not_the_published_one_is_reported() -> None:
    request = copy.deepcopy(GOLDEN)
    request["criteria"][0]["weight"], request["criteria"][1]["weight"] = "0.35", "0.40"
    report = run(lifecycle(request))
    assert statuses(report)["model"] == "differs"
    assert any("criteria[0].weight" in detail for detail in details(report, "model"))


def test_a_request_that_misstates_a_bid_is_reported() -> None:
    request = copy.deepcopy(GOLDEN)
    request["bids"][1]["price"] = "2500000"
    request["bids"][2]["bidder"]["name"] = "Someone Else A/S"
    report = run(lifecycle(request))
    problems = details(report, "bids")
    assert statuses(report)["bids"] == "differs"
    assert any(p.startswith("bid B: request vs opened content: price") for p in problems)
    assert any(p.startswith("bid C: bidder vs registration: name") for p in problems)


def test_points_that_are_not_the_recorded_consensus_are_reported() -> None:
    request = copy.deepcopy(GOLDEN)
    request["bids"][0]["points"]["quality"] = "9"
    request["bids"][1]["points"]["extra"] = "1"
    problems = details(run(lifecycle(request)), "consensus points")
    assert "bid A, quality: the request says 9, the consensus 6" in problems
    assert "bid B, extra: the request says 1, the consensus nothing" in problems


def test_opened_content_that_does_not_match_its_commitment_or_receipt_is_reported() -> None:
    log = lifecycle()
    opening = next(e for e in log.entries if e.event_type == "procurement.bids-opened")
    document = json.loads(opening.payload)
    document["payload"]["bids"][0]["content"]["price"] = "2300000"
    payload = canonical_json(document).decode()
    log.entries[log.entries.index(opening)] = LoggedEvent(
        opening.seq, opening.event_id, opening.event_type, payload, hashlib.sha256(payload.encode()).hexdigest()
    )
    problems = details(run(log), "bids")
    assert "bid A: its opened content does not hash to its commitment (with its salt)" in problems


def test_an_altered_logged_result_is_reported_with_the_figure_and_the_order() -> None:
    def swap_first_two(result: dict[str, Any]) -> None:
        result["ranking"][0]["total"] = "9.9999"
        result["ranking"][0], result["ranking"][1] = result["ranking"][1], result["ranking"][0]

    report = run(lifecycle(result_change=swap_first_two))
    problems = details(report, "re-run")
    assert statuses(report)["re-run"] == "differs"
    assert problems[0].startswith("the order differs")
    assert any(p.startswith("ranking[1].total: logged '9.9999'") for p in problems)


def test_a_result_from_another_engine_version_is_a_warning_beside_the_figures() -> None:
    def older(result: dict[str, Any]) -> None:
        result["engine_version"] = "0.9.0"

    report = run(lifecycle(result_change=older))
    assert statuses(report)["engine version"] == "warning"
    assert "logged by engine 0.9.0, re-computed with 1.0.0" in details(report, "engine version")[0]
    assert statuses(report)["re-run"] == "ok", "the figures are compared whatever the version"
    assert report.differences == 0


def test_a_rejected_request_is_rejected_again_with_the_same_problems() -> None:
    request = copy.deepcopy(GOLDEN)
    request["criteria"][0]["weight"] = "0.45"
    report = run(lifecycle(request))
    assert statuses(report)["re-run"] == "ok"
    assert details(report, "re-run")[0].startswith("rejected again")


def test_the_model_in_force_is_the_one_an_amendment_set() -> None:
    log = lifecycle()
    request = next(e for e in log.entries if e.event_type == "procurement.evaluation-requested")
    changed = copy.deepcopy(MODEL)
    changed["criteria"][0]["weight"] = "0.45"
    amended = {
        "tender_id": TENDER, "amendment_id": "a-1", "number": 1, "summary": "Vægte", "changed": ["lots"],
        "deadline": NOW, "deadline_before": NOW, "deadline_moved": False,
        "lots": [{"lot_id": "1", "title": "Parkpleje", "evaluation_model": changed}],
    }  # fmt: skip
    log.add(events.TenderAmended(**envelope(), payload=amended), minutes=5)

    report = run(log)

    assert statuses(report)["model"] == "differs", "the request used the model the amendment replaced"
    assert f"set by the amendment at seq {log.entries[-1].seq}" in details(report, "amendments")[0]
    assert request.seq < log.entries[-1].seq, "the log's order is not the order things happened in"
