"""An auditor re-computes an award from the audit log alone: the lifecycle runs through all four services on the
real broker, the services stop, and `procure audit recompute` re-checks the evaluation against the published model,
the bids' commitments and receipts, and re-runs the engine. Then a logged result is altered in the database, and
the re-computation reports it."""

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from procure.cli import app as cli
from shared.clock import ManualClock
from tests.support.identities import bearer
from tests.support.kafka import eventually
from tests.support.samples import NOW
from tests.support.suite import SuiteInProcess, suite_in_process
from tests.support.tenders import OFFERS, OFFICER, as_bidder, consensus, park_tender

AUDITOR = bearer("auditor", "ida.auditor@kolding.dk")
runner = CliRunner()


async def run_lifecycle(suite: SuiteInProcess) -> str:
    """Publish, bid, close, evaluate and award one tender; returns its id once the log holds the award."""
    procurement, audit = suite["procurement"], suite["audit"]
    created = await procurement.post("/tenders", json=park_tender(NOW + timedelta(days=30)), headers=OFFICER)
    assert created.status_code == 201, created.text
    tender_id: str = created.json()["id"]
    assert (await procurement.post(f"/tenders/{tender_id}/publish", headers=OFFICER)).status_code == 200
    bids: dict[str, str] = {}
    for name, cvr, price, commitments, points in OFFERS:
        registration = {"name": name, "cvr": cvr, "email": f"tilbud@{cvr}.example.dk"}
        bidder_id = (await procurement.post("/bidders", json=registration)).json()["id"]
        body = {"price": price, "social_commitments": [{"proxy": p, "quantity": q} for p, q in commitments]}
        receipt = await procurement.post(f"/tenders/{tender_id}/bids", json=body, headers=as_bidder(bidder_id))
        assert receipt.status_code == 201, receipt.text
        bids[receipt.json()["bid_id"]] = points
    suite.clock.advance(timedelta(days=30))

    async def closed() -> bool:
        return (await procurement.get(f"/tenders/{tender_id}")).json()["status"] == "closed"

    await eventually(closed)
    agreed = await procurement.post(f"/tenders/{tender_id}/lots/1/consensus", json=consensus(bids), headers=OFFICER)
    assert agreed.is_success, agreed.text
    asked = await procurement.post(f"/tenders/{tender_id}/lots/1/evaluations", headers=OFFICER)
    assert asked.status_code == 202, asked.text

    async def logged_result() -> bool:
        """The log holds all the re-computation reads: Kafka keeps no order across topics, so each is awaited."""
        timeline = await audit.get(f"/tenders/{tender_id}/timeline", headers=AUDITOR)
        types = [entry["event_type"] for entry in timeline.json().get("entries", [])] if timeline.is_success else []
        registered = await audit.get(
            "/entries", params={"event_type": "procurement.bidder-registered"}, headers=AUDITOR
        )
        return (
            "scoring.evaluation-completed" in types
            and "procurement.consensus-recorded" in types
            and "procurement.bids-opened" in types
            and types.count("procurement.bid-received") == len(OFFERS)
            and len(registered.json()["entries"]) >= len(OFFERS)
        )

    await eventually(logged_result, timeout=60)
    return tender_id


def recompute(database: Path, tender_id: str) -> tuple[int, dict[str, Any]]:
    arguments = ["audit", "recompute", tender_id, "--database-url", f"sqlite+aiosqlite:///{database}", "--json"]
    result = runner.invoke(cli, arguments)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def statuses(report: dict[str, Any]) -> dict[str, str]:
    [request] = report["requests"]
    return {check["name"]: check["status"] for check in request["checks"]}


def alter_logged_result(database: Path, change: Any) -> None:
    """What someone with the database could do to a logged result after the fact."""
    with sqlite3.connect(database) as db:
        seq, payload = db.execute(
            "SELECT seq, payload FROM audit_entry WHERE event_type = 'scoring.evaluation-completed'"
        ).fetchone()
        document = json.loads(payload)
        change(document["payload"]["result"])
        forged = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        db.execute("UPDATE audit_entry SET payload = ? WHERE seq = ?", (forged, seq))


async def test_an_award_recomputes_from_the_log_and_an_altered_result_is_reported(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    async with suite_in_process(kafka_bootstrap, tmp_path, ManualClock(NOW)) as suite:
        tender_id = await run_lifecycle(suite)
    database = tmp_path / "audit.db"

    exit_code, report = recompute(database, tender_id)

    assert exit_code == 0, json.dumps(report["requests"], indent=1)
    assert report["differences"] == 0
    shown = runner.invoke(cli, ["audit", "recompute", tender_id, "--database-url", f"sqlite:///{database}"])
    assert shown.exit_code == 0
    assert "consensus points: ok" in shown.stdout
    assert shown.stdout.rstrip().endswith("no difference")
    assert statuses(report) == {
        "model": "ok",
        "amendments": "ok",
        "bids": "ok",
        "consensus points": "ok",
        "engine version": "ok",
        "re-run": "ok",
    }

    def move_the_winner(result: dict[str, Any]) -> None:
        first, second = result["ranking"][0], result["ranking"][1]
        first["rank"], second["rank"] = 2, 1
        result["ranking"][0], result["ranking"][1] = second, first

    alter_logged_result(database, move_the_winner)
    exit_code, report = recompute(database, tender_id)

    assert exit_code == 1
    assert report["integrity"]["status"] == "differs", "the altered payload no longer hashes to its header"
    [rerun] = [c for c in report["requests"][0]["checks"] if c["name"] == "re-run"]
    assert rerun["status"] == "differs"
    assert rerun["details"][0].startswith("the order differs")
    assert any(detail.startswith("ranking[0].bid_id") for detail in rerun["details"])
