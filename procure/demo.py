"""`procure demo`: Kolding's park-maintenance tender driven through the suite's HTTP APIs, start to award.

Three bidders, one of them a registered social-economy enterprise; price 40 %, quality 35 %, social value 25 %.
The deadline is a few seconds away, so the services' own deadline clock closes the tender while you watch.
"""

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from shared.clock import COPENHAGEN

OFFICER = {"X-Actor-Id": "anne.officer@kolding.dk", "X-Actor-Role": "officer"}
MODEL = {
    "format": "evaluation-request/1",
    "currency": "DKK",
    "scale_max": "10",
    "criteria": [
        {"id": "price", "kind": "price", "weight": "0.40", "method": "linear_relative", "params": {"slope": "0.5"}},
        {"id": "quality", "kind": "quality", "weight": "0.35", "method": "direct"},
        {"id": "social", "kind": "social", "weight": "0.25", "method": "monetised_relative"},
    ],
    "total": {"method": "weighted_sum"},
}
TRAINING_CLAUSE = {
    "type": "training",
    "form": "contract_condition",
    "description": "Leverandøren skal beskæftige mindst 1 person under oplæring i kontraktperioden.",
    "quantity": "1",
    "unit": "FTE_YEAR",
    "proxy_code": "DK_APPRENTICE_YEAR",
    "evidence_required": "Uddannelsesaftaler, anonymiseret",
    "reporting_frequency": "quarterly",
    "sanction": "Bod på 50.000 kr. pr. manglende oplæringsår",
}
BIDDERS = [
    # name, CVR, RSV-registered, price, commitments, the committee's quality points
    ("Grøn Service A/S", "13748136", False, "2400000", [("DK_APPRENTICE_YEAR", "1")], "6"),
    (
        "Jobværkstedet ApS",
        "13585628",
        True,
        "2760000",
        [("DK_LTU_HIRE", "3"), ("DK_FLEXJOB", "1"), ("DK_APPRENTICE_YEAR", "1")],
        "7",
    ),
    ("Park & Vej A/S", "40084525", False, "2580000", [("DK_LTU_HIRE", "1"), ("DK_APPRENTICE_YEAR", "2")], "8"),
]
DEADLINE_IN = timedelta(seconds=6)
EVALUATORS = ("mette.evaluator@kolding.dk", "lars.evaluator@kolding.dk")
QUALITY_WORDS = {"6": "tilfredsstillende", "7": "god", "8": "meget god"}


class DemoError(RuntimeError):
    pass


class Demo:
    def __init__(self, urls: dict[str, str], console: Console) -> None:
        self.http = {name: httpx.Client(base_url=url, timeout=15) for name, url in urls.items()}
        self.console = console

    def run(self) -> str:
        """Run the scenario; returns the tender id."""
        tender_id = self.publish_tender()
        bids = self.submit_bids(tender_id)
        self.await_closing(tender_id)
        self.committee_step(tender_id, bids)
        result = self.evaluate(tender_id)
        self.show_ranking(result, bids)
        self.award(tender_id)
        self.show_notifications(tender_id)
        self.show_notice(bids)
        self.show_audit_trail(tender_id)
        return tender_id

    def publish_tender(self) -> str:
        deadline = (datetime.now(UTC) + DEADLINE_IN).astimezone(COPENHAGEN)
        draft = {
            "reference": f"KOL-2026-017-{deadline:%H%M%S}",
            "title": "Parkpleje og grønne områder 2027–2029",
            "title_en": "Park and green-space maintenance 2027–2029",
            "description": "Pleje af parker og grønne områder i Kolding Kommune, med sociale klausuler.",
            "cpv_codes": ["77311000-3"],
            "contract_type": "services",
            "procedure": "open",
            "estimated_value_dkk": "2600000",
            "contract_start": "2027-04-01",
            "contract_end": "2029-03-31",
            "deadline": deadline.isoformat(),
            "social_clauses": [TRAINING_CLAUSE],
            "lots": [{"lot_id": "1", "title": "Parkpleje", "evaluation_model": MODEL}],
        }
        tender_id = str(self._ok(self.http["procurement"].post("/tenders", json=draft, headers=OFFICER))["id"])
        published = self._ok(self.http["procurement"].post(f"/tenders/{tender_id}/publish", headers=OFFICER))
        self.console.print(f"[bold]1.[/bold] Tender {draft['reference']} published: {draft['title']}")
        self.console.print(f"   deadline {deadline:%Y-%m-%d %H:%M:%S %Z}; price 40 %, quality 35 %, social value 25 %;")
        self.console.print("   a training clause (§ 176); proxy values frozen from table DK-2026.1")
        for warning in published["warnings"]:
            self.console.print(f"   [yellow]warning[/yellow] {warning['code']}: {warning['message_en']}")
        return tender_id

    def submit_bids(self, tender_id: str) -> dict[str, dict[str, Any]]:
        self.console.print("[bold]2.[/bold] Three enterprises register and submit sealed bids:")
        bids: dict[str, dict[str, Any]] = {}
        for name, cvr, rsv, price, commitments, quality in BIDDERS:
            email = f"tilbud@{cvr}.example.dk"
            registration = {"name": name, "cvr": cvr, "email": email, "rsv_registered": rsv}
            bidder_id = self._ok(self.http["procurement"].post("/bidders", json=registration))["id"]
            as_bidder = {"X-Actor-Id": email, "X-Actor-Role": "bidder", "X-Actor-Bidder-Id": bidder_id}
            body = {
                "price": price,
                "social_commitments": [{"proxy": proxy, "quantity": quantity} for proxy, quantity in commitments],
            }
            receipt = self._ok(
                self.http["procurement"].post(f"/tenders/{tender_id}/bids", json=body, headers=as_bidder)
            )
            bids[receipt["bid_id"]] = {"name": name, "rsv": rsv, "quality": quality, "bidder_id": bidder_id}
            label = " (registered social-economy enterprise)" if rsv else ""
            self.console.print(
                f"   {name}{label}: receipt {receipt['received_at']}, commitment {receipt['commitment_sha256'][:16]}…"
            )
        return bids

    def await_closing(self, tender_id: str) -> None:
        self.console.print("[bold]3.[/bold] Waiting for the deadline: procurement's clock closes the tender …")
        tender = self._until(lambda: self._closed(tender_id), "the tender to close", timeout=60)
        self.console.print(f"   closed, {tender['bids_received']} bids opened")

    def committee_step(self, tender_id: str, bids: dict[str, dict[str, Any]]) -> None:
        """Two evaluators declare no conflict, score quality with justifications; the officer records consensus."""
        procurement = self.http["procurement"]
        for evaluator in EVALUATORS:
            self._ok(
                procurement.post(f"/tenders/{tender_id}/committee", json={"evaluator_id": evaluator}, headers=OFFICER)
            )
            as_evaluator = {"X-Actor-Id": evaluator, "X-Actor-Role": "evaluator"}
            self._ok(
                procurement.post(
                    f"/tenders/{tender_id}/committee/declaration", json={"has_conflict": False}, headers=as_evaluator
                )
            )
            for bid_id, bid in bids.items():
                entry = {
                    "bid_id": bid_id,
                    "criterion_id": "quality",
                    "points": bid["quality"],
                    "justification": f"{bid['name']}: plejeplanen svarer til {bid['quality']} point.",
                }
                self._ok(procurement.post(f"/tenders/{tender_id}/lots/1/points", json=entry, headers=as_evaluator))
        agreed = [
            {
                "bid_id": bid_id,
                "criterion_id": "quality",
                "points": bid["quality"],
                "justification": f"Enighed: {bid['name']}s plejeplan er {QUALITY_WORDS[bid['quality']]}.",
            }
            for bid_id, bid in bids.items()
        ]
        body = {"method": "konsensusmøde", "held_on": datetime.now(COPENHAGEN).date().isoformat(), "points": agreed}
        self._ok(procurement.post(f"/tenders/{tender_id}/lots/1/consensus", json=body, headers=OFFICER))
        for bid_id in bids:
            mark = {"aspect": "compliance", "outcome": "compliant"}
            self._ok(procurement.post(f"/tenders/{tender_id}/bids/{bid_id}/assessments", json=mark, headers=OFFICER))
        self.console.print(
            f"[bold]4.[/bold] Committee: {len(EVALUATORS)} evaluators declared no conflict of interest and scored "
            "quality with written justifications; the officer recorded the consensus and marked every bid compliant"
        )

    def evaluate(self, tender_id: str) -> dict[str, Any]:
        path = f"/tenders/{tender_id}/lots/1/evaluations"
        asked = self._ok(self.http["procurement"].post(path, headers=OFFICER))
        self.console.print(f"[bold]5.[/bold] Evaluation run {asked['run']} requested from the scoring service")
        run = self._until(lambda: self._answered(path), "scoring's answer", timeout=60)
        if run["status"] != "completed":
            raise DemoError(f"scoring rejected the evaluation: {run['problems']}")
        result: dict[str, Any] = run["result"]
        return result

    def show_ranking(self, result: dict[str, Any], bids: dict[str, dict[str, Any]]) -> None:
        table = Table(title="Ranked result (scale 0–10)")
        for column in ("rank", "bidder", "price", "quality", "social", "total", "social value DKK"):
            table.add_column(column, justify="left" if column == "bidder" else "right")
        for entry in result["ranking"]:
            criteria = entry["criteria"]
            name = bids[entry["bid_id"]]["name"] + (" (RSV)" if bids[entry["bid_id"]]["rsv"] else "")
            table.add_row(
                str(entry["rank"]),
                name,
                *(f"{float(criteria[c]['points']):.2f}" for c in ("price", "quality", "social")),
                f"{float(entry['total']):.2f}",
                f"{float(entry['social_value']):,.0f}",
            )
        self.console.print(table)
        self.console.print(f"   input_sha256 {result['input_sha256']}  engine {result.get('engine_version', '?')}")

    def award(self, tender_id: str) -> None:
        decided = self._ok(
            self.http["procurement"].post(f"/tenders/{tender_id}/lots/1/award", json={}, headers=OFFICER)
        )
        self.console.print(f"[bold]6.[/bold] Award decided: {decided['winner']}")
        award = self._until(lambda: self._dispatched(tender_id), "the award notices to be dispatched", timeout=60)
        self.console.print(f"   every bidder's notice sent at {award['notices_dispatched_at']}")
        award = self._until(lambda: self._standstill(tender_id), "the standstill end", timeout=30)
        self.console.print(f"   standstill until {award['standstill_ends_at']}: no contract is signed before it")

    def show_notifications(self, tender_id: str) -> None:
        status = self._ok(self.http["notifications"].get(f"/tenders/{tender_id}/notifications"))
        channels: dict[tuple[str, str], list[str]] = {}
        for notification in status["notifications"]:
            who = str(notification["recipient_name"] or notification["recipient_id"])
            mark = {"sent": "✓", "failed": "✗"}.get(notification["status"], "…")
            channels.setdefault((who, notification["kind"]), []).append(f"{notification['channel']} {mark}")
        table = Table(title="Notifications (✓ delivered, … pending, ✗ failed)")
        for column in ("recipient", "message", "channels"):
            table.add_column(column)
        for (who, kind), delivered in sorted(channels.items()):
            table.add_row(who, kind.replace("_", " "), ", ".join(sorted(delivered)))
        self.console.print(table)

    def show_audit_trail(self, tender_id: str) -> None:
        entries = self._ok(self.http["audit"].get(f"/tenders/{tender_id}/timeline"))["entries"]
        table = Table(title="Audit trail of the tender (hash-chained)")
        for column in ("seq", "occurred (UTC)", "event", "actor", "entry hash"):
            table.add_column(column)
        for entry in entries:
            table.add_row(
                str(entry["seq"]),
                entry["occurred_at"][11:23],
                entry["event_type"],
                entry["actor"]["id"],
                entry["entry_hash"][:12] + "…",
            )
        self.console.print(table)

    def show_notice(self, bids: dict[str, dict[str, Any]]) -> None:
        """One bidder's award notice, as its inbox shows it: own scores, the winner's advantages, complaint guidance."""
        second = next(bid for bid in bids.values() if bid["name"] == "Park & Vej A/S")
        inbox = self._ok(self.http["notifications"].get(f"/recipients/{second['bidder_id']}/inbox"))
        notice = next(message for message in inbox if message["kind"] == "award_notice")
        self.console.print(
            Panel(notice["body_text"], title=f"{second['name']}'s notice: {notice['subject']}", expand=False)
        )

    def _standstill(self, tender_id: str) -> dict[str, Any] | None:
        award = self._ok(self.http["procurement"].get(f"/tenders/{tender_id}/lots/1/award"))
        return award if award.get("standstill_ends_at") else None

    def _closed(self, tender_id: str) -> dict[str, Any] | None:
        tender = self._ok(self.http["procurement"].get(f"/tenders/{tender_id}"))
        return tender if tender["status"] != "published" else None

    def _answered(self, path: str) -> dict[str, Any] | None:
        runs = self._ok(self.http["procurement"].get(path))
        return runs[-1] if runs and runs[-1]["status"] != "requested" else None

    def _dispatched(self, tender_id: str) -> dict[str, Any] | None:
        award = self._ok(self.http["procurement"].get(f"/tenders/{tender_id}/lots/1/award"))
        return award if award.get("notices_dispatched_at") else None

    @staticmethod
    def _ok(response: httpx.Response) -> Any:
        if response.is_error:
            raise DemoError(
                f"{response.request.method} {response.request.url} → {response.status_code}: {response.text}"
            )
        return response.json()

    @staticmethod
    def _until(check: Callable[[], Any], what: str, *, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := check():
                return found
            time.sleep(0.2)
        raise DemoError(f"gave up waiting for {what} after {timeout:.0f} s")
