"""`procure demo`: Kolding's park-maintenance tender driven through the suite's HTTP APIs, from publication to
the social outcomes delivered under the contract.

Three bidders, one of them a registered social-economy enterprise; price 40 %, quality 35 %, social value 25 %.
The services run on a clock the demo moves forward (a file holding an offset, read by every service), so the
35 days to the deadline, the standstill and three quarters of reporting pass in seconds.
"""

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from procure.token_command import development_issuer
from services.portal.domain import TRAINING_CLAUSE
from shared.clock import COPENHAGEN

ISSUER = development_issuer()  # the suite's services trust its keys (.run/auth/jwks.json)


def bearer(role: str, subject: str, bidder_id: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {ISSUER.mint(subject, role, bidder_id=bidder_id)}"}


OFFICER = bearer("officer", "anne.officer@kolding.dk")
AUDITOR = bearer("auditor", "revisor@kolding.dk")
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


def park_tender(deadline: datetime) -> dict[str, Any]:
    """The demo's tender: park care with a training clause, one lot under MODEL (the bids benchmark's too)."""
    return {
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
DEADLINE_IN = timedelta(days=35)
# Jobværkstedet's commitments over two years, delivered per quarter: 3 LTU FTE-years → 0.375 a quarter, …
QUARTERLY_DELIVERY = {"DK_LTU_HIRE": "0.375", "DK_FLEXJOB": "0.125", "DK_APPRENTICE_YEAR": "0.125"}
EVALUATORS = ("mette.evaluator@kolding.dk", "lars.evaluator@kolding.dk")
QUALITY_WORDS = {"6": "tilfredsstillende", "7": "god", "8": "meget god"}


class DemoError(RuntimeError):
    pass


class DemoClock:
    """Moves the services' clock: they read the offset from this file (shared.clock.OffsetClock)."""

    def __init__(self, offset_file: Path) -> None:
        self.offset_file = offset_file
        self._offset = timedelta(0)
        offset_file.parent.mkdir(parents=True, exist_ok=True)
        offset_file.write_text("0")

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance_to(self, moment: datetime) -> None:
        self._offset += max(moment - self.now(), timedelta(0))
        self.offset_file.write_text(str(self._offset.total_seconds()))


class Demo:
    def __init__(self, urls: dict[str, str], console: Console, clock: DemoClock) -> None:
        self.http = {name: httpx.Client(base_url=url, timeout=15) for name, url in urls.items()}
        self.console = console
        self.clock = clock

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
        contract_id = self.sign_contract(tender_id)
        self.report_outcomes(contract_id, bids)
        self.show_impact()
        self.show_audit_trail(tender_id)
        return tender_id

    def publish_tender(self) -> str:
        deadline = (
            (self.clock.now() + DEADLINE_IN).astimezone(COPENHAGEN).replace(hour=12, minute=0, second=0, microsecond=0)
        )
        self.deadline = deadline
        draft = park_tender(deadline)
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
            as_bidder = bearer("bidder", email, bidder_id)
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
        self.console.print("[bold]3.[/bold] 35 days pass; at the deadline procurement's own clock closes the tender …")
        self.clock.advance_to(self.deadline + timedelta(seconds=1))
        tender = self._until(lambda: self._closed(tender_id), "the tender to close", timeout=60)
        self.console.print(f"   closed, {tender['bids_received']} bids opened")

    def committee_step(self, tender_id: str, bids: dict[str, dict[str, Any]]) -> None:
        """Two evaluators declare no conflict, score quality with justifications; the officer records consensus."""
        procurement = self.http["procurement"]
        for evaluator in EVALUATORS:
            self._ok(
                procurement.post(f"/tenders/{tender_id}/committee", json={"evaluator_id": evaluator}, headers=OFFICER)
            )
            as_evaluator = bearer("evaluator", evaluator)
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
        body = {
            "method": "konsensusmøde",
            "held_on": self.clock.now().astimezone(COPENHAGEN).date().isoformat(),
            "points": agreed,
        }
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
        ends_at = datetime.fromisoformat(award["standstill_ends_at"].replace("Z", "+00:00")).astimezone(COPENHAGEN)
        self.console.print(f"   standstill until {ends_at:%Y-%m-%d %H:%M:%S %Z}: no contract is signed before it")

    def show_notifications(self, tender_id: str) -> None:
        status = self._ok(self.http["notifications"].get(f"/tenders/{tender_id}/notifications", headers=OFFICER))
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
        entries = self._ok(self.http["audit"].get(f"/tenders/{tender_id}/timeline", headers=AUDITOR))["entries"]
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
        as_second = bearer("bidder", "tilbud@parkogvej.dk", second["bidder_id"])
        inbox = self._ok(self.http["notifications"].get(f"/recipients/{second['bidder_id']}/inbox", headers=as_second))
        notice = next(message for message in inbox if message["kind"] == "award_notice")
        self.console.print(
            Panel(notice["body_text"], title=f"{second['name']}'s notice: {notice['subject']}", expand=False)
        )

    def sign_contract(self, tender_id: str) -> str:
        award = self._ok(self.http["procurement"].get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER))
        refused = self.http["procurement"].post(f"/tenders/{tender_id}/lots/1/contract", headers=OFFICER)
        reason = refused.json()["detail"]
        self.console.print(
            f"[bold]7.[/bold] Signing during the standstill is refused ({refused.status_code}): {reason}"
        )
        ends_at = datetime.fromisoformat(award["standstill_ends_at"].replace("Z", "+00:00"))
        self.clock.advance_to(ends_at + timedelta(minutes=1))
        contract = self._ok(self.http["procurement"].post(f"/tenders/{tender_id}/lots/1/contract", headers=OFFICER))
        targets = ", ".join(f"{t['quantity']} × {t['proxy']}" for t in contract["targets"])
        self.console.print(f"   after it the contract is signed; its social targets: {targets}")
        return str(contract["contract_id"])

    def report_outcomes(self, contract_id: str, bids: dict[str, dict[str, Any]]) -> None:
        """Three quarters of outcome reports; the officer rejects one for missing evidence, then it is corrected."""
        supplier = next(bid for bid in bids.values() if bid["name"] == "Jobværkstedet ApS")
        as_supplier = bearer("bidder", "leder@jobvaerkstedet.dk", supplier["bidder_id"])
        contract = self._ok(self.http["procurement"].get(f"/contracts/{contract_id}", headers=OFFICER))
        for period in contract["periods"][:3]:
            self.clock.advance_to(datetime.fromisoformat(period["end"]).replace(tzinfo=COPENHAGEN) + timedelta(days=3))
            lines = [
                {"proxy": proxy, "quantity": quantity, "evidence": [f"lønsedler-Q{period['index'] + 1}"]}
                for proxy, quantity in QUARTERLY_DELIVERY.items()
            ]
            report = {"period_index": period["index"], "lines": lines}
            report_id = self._ok(
                self.http["procurement"].post(f"/contracts/{contract_id}/reports", json=report, headers=as_supplier)
            )["report_id"]
            review = f"/contracts/{contract_id}/reports/{report_id}/review"
            if period["index"] == 1:
                self._ok(
                    self.http["procurement"].post(
                        review, json={"verified": False, "reason": "Uddannelsesaftalen mangler"}, headers=OFFICER
                    )
                )
                corrected = {**report, "corrects": report_id}
                report_id = self._ok(
                    self.http["procurement"].post(
                        f"/contracts/{contract_id}/reports", json=corrected, headers=as_supplier
                    )
                )["report_id"]
                review = f"/contracts/{contract_id}/reports/{report_id}/review"
            self._ok(self.http["procurement"].post(review, json={"verified": True}, headers=OFFICER))
        self.console.print(
            "[bold]8.[/bold] Three quarters of outcome reports; quarter 2 rejected (no evidence), corrected, verified"
        )

    def show_impact(self) -> None:
        summary = self._ok(self.http["procurement"].get("/impact", headers=OFFICER))
        table = Table(title="Impact: promised against delivered (DKK; gross values in brackets)")
        for column in ("supplier", "promised", "delivered so far", "on schedule"):
            table.add_column(column, justify="left" if column == "supplier" else "right")
        for m in summary["contracts"]:
            table.add_row(
                m["supplier"],
                f"{float(m['promised_dkk']):,.0f} ({float(m['promised_dkk_gross']):,.0f})",
                f"{float(m['delivered_dkk']):,.0f} ({float(m['delivered_dkk_gross']):,.0f})",
                "no" if m["behind_schedule"] else "yes",
            )
        self.console.print(table)
        people = summary["tracks"]["people"]
        self.console.print("   people: " + ", ".join(f"{k.replace('_', ' ')} {v} FTE-years" for k, v in people.items()))
        enterprises = summary["tracks"]["enterprises"]
        self.console.print(
            f"   enterprises: {enterprises['contracts_won_by_social_economy']} contract(s) won by social economy"
        )

    def _standstill(self, tender_id: str) -> dict[str, Any] | None:
        award = self._ok(self.http["procurement"].get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER))
        return award if award.get("standstill_ends_at") else None

    def _closed(self, tender_id: str) -> dict[str, Any] | None:
        tender = self._ok(self.http["procurement"].get(f"/tenders/{tender_id}", headers=OFFICER))
        return tender if tender["status"] != "published" else None

    def _answered(self, path: str) -> dict[str, Any] | None:
        runs = self._ok(self.http["procurement"].get(path, headers=OFFICER))
        return runs[-1] if runs and runs[-1]["status"] != "requested" else None

    def _dispatched(self, tender_id: str) -> dict[str, Any] | None:
        award = self._ok(self.http["procurement"].get(f"/tenders/{tender_id}/lots/1/award", headers=OFFICER))
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
