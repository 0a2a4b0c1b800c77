"""The checks `recompute` runs on each evaluation request, one function each, so that checks the log cannot support
yet (amendments, the committee's consensus) slot in beside the others when their events exist."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Protocol

from services.audit.domain.canonical import canonical_json
from services.audit.domain.recompute.compare import differences
from services.audit.domain.recompute.log import AMENDED, CONSENSUS_RECORDED, LoggedEvent, TenderLog

REQUEST_ONLY = ("format", "tender_id", "lot_id", "bids")  # what a request adds to the lot's frozen model


class Status(StrEnum):
    OK = "ok"
    DIFFERS = "differs"  # the log contradicts itself: a difference an auditor must look into
    WARNING = "warning"  # worth knowing, not a contradiction (an engine version difference, no answer yet)
    NOT_RECORDED = "not-recorded"  # the suite does not log what this check needs yet


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    details: tuple[str, ...] = ()

    def document(self) -> dict[str, Any]:
        return {"name": self.name, "status": str(self.status), "details": list(self.details)}


def outcome(name: str, problems: list[str], ok_detail: str) -> Check:
    return Check(name, Status.DIFFERS, tuple(problems)) if problems else Check(name, Status.OK, (ok_detail,))


@dataclass(frozen=True)
class EngineAnswer:
    """What the engine says to a request: a result document, or the problems that made it refuse."""

    result: dict[str, Any] | None
    problems: list[dict[str, str]]


class Engine(Protocol):
    """The scoring engine, given by the composition root: the audit service never imports scoring."""

    version: str

    def run(self, request: Any, *, sensitivity: bool) -> EngineAnswer: ...


@dataclass(frozen=True)
class RequestInLog:
    entry: LoggedEvent
    document: dict[str, Any]  # the evaluation-request/1 document (numbers as read by plain JSON)
    lot_id: str


def model_check(log: TenderLog, request: RequestInLog) -> Check:
    versions = log.models_in_force(request.lot_id, before=request.entry.occurred_at)
    if not versions:
        return Check("model", Status.DIFFERS, (f"no publication of lot {request.lot_id} precedes the request",))
    entry, model = versions[-1]
    asked = {key: value for key, value in request.document.items() if key not in REQUEST_ONLY}
    frozen = {key: value for key, value in model.items() if key != "format"}
    problems = differences(frozen, asked)
    if request.document.get("format") != "evaluation-request/1":
        problems.append(f"format: {request.document.get('format')!r}, not evaluation-request/1")
    source = f"{_kind(entry)} at seq {entry.seq}"
    return outcome(
        "model",
        [f"differs from the model {source}: {problem}" for problem in problems],
        f"equals lot {request.lot_id}'s model {source}",
    )


def _kind(entry: LoggedEvent) -> str:
    return "as amended" if entry.event_type == AMENDED else "as published"


def amendments_check(log: TenderLog, request: RequestInLog) -> Check:
    """Which amendments came before the request, and whether one of them set the model it had to use."""
    before = log.before(AMENDED, request.entry.occurred_at)
    if not before:
        return Check("amendments", Status.OK, ("no amendment precedes the request: the published model is in force",))
    versions = log.models_in_force(request.lot_id, before=request.entry.occurred_at)
    setting = [entry.seq for entry, _ in versions if entry.event_type == AMENDED]
    changed = (
        f"the model in force was set by the amendment at seq {setting[-1]}" if setting else "none changed the model"
    )
    return Check("amendments", Status.OK, (f"{len(before)} amendment(s) precede the request; {changed}",))


def consensus_check(log: TenderLog, request: RequestInLog) -> Check:
    """The points the request carries are the committee's consensus recorded before it, no more and no less."""
    recorded = log.before(CONSENSUS_RECORDED, request.entry.occurred_at)
    consensus = [e for e in recorded if e.body().get("lot_id") == request.lot_id]
    agreed = {
        (str(point.get("bid_id")), str(point.get("criterion_id"))): _number(point.get("points"))
        for point in (consensus[-1].body().get("points", []) if consensus else [])
        if isinstance(point, dict)
    }
    asked = {
        (str(bid.get("id")), str(criterion)): _number(points)
        for bid in request.document.get("bids", [])
        if isinstance(bid, dict)
        for criterion, points in (bid.get("points") or {}).items()
    }
    if not consensus and not asked:
        return Check("consensus points", Status.OK, ("no committee points: no criterion is scored by the committee",))
    if not consensus:
        return Check("consensus points", Status.DIFFERS, ("the request carries points, but no consensus precedes it",))
    problems = [
        f"bid {key[0]}, {key[1]}: the request says {_shown(asked.get(key))}, the consensus {_shown(agreed.get(key))}"
        for key in sorted(set(agreed) | set(asked))
        if asked.get(key) != agreed.get(key)
    ]
    source = f"the consensus recorded at seq {consensus[-1].seq}"
    return outcome("consensus points", problems, f"{len(agreed)} point(s) equal {source}")


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _shown(value: Decimal | None) -> str:
    return "nothing" if value is None else str(value)


def bids_check(log: TenderLog, request: RequestInLog) -> Check:
    opened = log.opened_bids(request.lot_id)
    opening = log.opening()
    if opening is None:
        return Check("bids", Status.DIFFERS, ("the log holds no opening of the bids",))
    asked = [bid for bid in request.document.get("bids", []) if isinstance(bid, dict)]
    problems = [f"bid {bid_id} was opened but is not in the request" for bid_id in sorted(set(opened) - _ids(asked))]
    for bid in asked:
        bid_id = str(bid.get("id"))
        if bid_id not in opened:
            problems.append(f"bid {bid_id} is in the request but was never opened")
            continue
        problems += [f"bid {bid_id}: {problem}" for problem in _bid_problems(log, bid, opened[bid_id], opening)]
    return outcome("bids", problems, f"{len(asked)} bid(s): content matches commitment, receipt and request")


def _ids(bids: list[dict[str, Any]]) -> set[str]:
    return {str(bid.get("id")) for bid in bids}


def _bid_problems(log: TenderLog, asked: dict[str, Any], opened: dict[str, Any], opening: LoggedEvent) -> list[str]:
    problems: list[str] = []
    content = opened.get("content") or {}
    try:
        committed = hashlib.sha256(bytes.fromhex(str(opened.get("salt"))) + canonical_json(content)).hexdigest()
    except ValueError:
        committed = "(the salt is not hex)"
    if committed != opened.get("commitment_sha256"):
        problems.append("its opened content does not hash to its commitment (with its salt)")
    receipt = log.latest_receipt(str(opened.get("bid_id")), before=opening.occurred_at)
    if receipt is None:
        problems.append("no receipt for it is in the log")
    elif receipt.get("commitment_sha256") != opened.get("commitment_sha256"):
        problems.append("the commitment opened is not the one its last receipt gave")
    expected = {
        "price": str(content.get("price")),
        "social_commitments": [
            {"proxy": c.get("proxy"), "quantity": str(c.get("quantity"))} for c in content.get("social_commitments", [])
        ],
    }
    given = {"price": asked.get("price"), "social_commitments": asked.get("social_commitments", [])}
    problems += [f"request vs opened content: {problem}" for problem in differences(expected, given)]
    problems += _bidder_problems(log, asked.get("bidder"), str(opened.get("bidder_id")))
    return problems


def _bidder_problems(log: TenderLog, asked: Any, bidder_id: str) -> list[str]:
    registered = log.registration(bidder_id)
    if registered is None:
        return [f"bidder {bidder_id}'s registration is not in the log"]
    if not isinstance(asked, dict):
        return ["the request names no bidder"]
    fields = [field for field in ("name", "country", "rsv_registered", "cvr") if field in asked]
    expected = {field: registered.get(field) for field in fields}
    return [f"bidder vs registration: {problem}" for problem in differences(expected, {f: asked[f] for f in fields})]


def rerun_checks(log: TenderLog, request: RequestInLog, engine: Engine) -> list[Check]:
    completed, rejected = log.answers_to(request.entry.event_id)
    if completed is None and rejected is None:
        return [Check("re-run", Status.WARNING, ("scoring's answer to this request is not in the log",))]
    logged_result = completed.body().get("result") if completed else None
    sensitivity = isinstance(logged_result, dict) and "sensitivity" in logged_result
    answer = engine.run(request.entry.exact_body(), sensitivity=sensitivity)
    if completed is None:
        assert rejected is not None
        return [_rejection_check(rejected, answer)]
    logged = logged_result if isinstance(logged_result, dict) else {}
    checks = [_version_check(logged, engine)]
    if answer.result is None:
        problems = "; ".join(f"{p.get('path')}: {p.get('reason')}" for p in answer.problems)
        checks.append(Check("re-run", Status.DIFFERS, (f"the log says completed; the engine now refuses: {problems}",)))
        return checks
    recomputed = json.loads(json.dumps(answer.result))
    # The version is the version check's to report; the figures are compared whatever it says.
    found = differences(_without_version(logged), _without_version(recomputed))
    summary = f"every figure, the order and the exclusions reproduced ({len(recomputed.get('ranking', []))} ranked)"
    checks.append(outcome("re-run", [*_headline(logged, recomputed), *found], summary))
    return checks


def _without_version(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "engine_version"}


def _headline(logged: dict[str, Any], recomputed: dict[str, Any]) -> list[str]:
    """What an auditor reads first: whether the order or the exclusions moved, not only which figure."""

    def order(document: dict[str, Any]) -> list[Any]:
        return [entry.get("bid_id") for entry in document.get("ranking", []) if isinstance(entry, dict)]

    headline = []
    if order(logged) != order(recomputed):
        headline.append(f"the order differs: logged {order(logged)}, re-computed {order(recomputed)}")
    if logged.get("excluded") != recomputed.get("excluded"):
        headline.append("the exclusions differ")
    return headline


def _version_check(logged: dict[str, Any], engine: Engine) -> Check:
    version = logged.get("engine_version")
    if version == engine.version:
        return Check("engine version", Status.OK, (f"the logged result and this engine are both {version}",))
    detail = f"the result was logged by engine {version}, re-computed with {engine.version}: figures may differ"
    return Check("engine version", Status.WARNING, (detail,))


def _rejection_check(rejected: LoggedEvent, answer: EngineAnswer) -> Check:
    if answer.result is not None:
        return Check("re-run", Status.DIFFERS, ("the log says rejected; the engine now evaluates the request",))
    logged = rejected.body().get("problems", [])
    return outcome(
        "re-run", differences(logged, answer.problems), f"rejected again, with the same {len(logged)} problem(s)"
    )


CheckFunction = Callable[[TenderLog, RequestInLog], Check]
REQUEST_CHECKS: tuple[CheckFunction, ...] = (model_check, amendments_check, bids_check, consensus_check)
