"""Reminds suppliers of outcome reports: when a reporting period ends (due) and when its report is overdue (late).
Each reminder is told once; notifications delivers it. Time comes from the injectable clock."""

from services.procurement.domain import impact
from services.procurement.impact_facts import periods_of
from services.procurement.store import ProcurementStore, ReminderSent
from shared import events
from shared.events import Actor
from shared.runtime import ServiceRuntime

REMINDERS = Actor(kind="system", id="procurement.outcome-reminders")


class OutcomeReminders:
    def __init__(self, runtime: ServiceRuntime, store: ProcurementStore) -> None:
        self._runtime = runtime
        self._store = store

    async def remind(self) -> int:
        """Tell every due or late reminder not told yet; returns how many were told. Four queries a poll, however
        many contracts there are: what has been reported and told is read whole, the rest decided here."""
        now = self._runtime.clock.now()
        told = 0
        async with self._runtime.unit_of_work.begin() as transaction:
            session = transaction.session
            contracts = await self._store.contracts(session)
            if not contracts:
                return 0
            tenders = await self._store.tenders_by_id(session, {contract.tender_id for contract in contracts})
            reported = await self._store.reported_periods(session)
            sent = await self._store.reminders_sent(session)
            for contract in contracts:
                tender = tenders[contract.tender_id]
                periods = periods_of(tender)
                for period, kind in impact.untold_reminders(contract.contract_id, periods, now.date(), reported, sent):
                    self._store.add(
                        session,
                        ReminderSent(
                            contract_id=contract.contract_id, period_index=period.index, kind=kind, sent_at=now
                        ),
                    )
                    transaction.emit(
                        events.OutcomeReportDue(
                            occurred_at=now,
                            correlation_id=tender.correlation_id,
                            actor=REMINDERS,
                            payload={
                                "tender_id": tender.tender_id,
                                "contract_id": contract.contract_id,
                                "supplier_bidder_id": contract.supplier_bidder_id,
                                "period_index": period.index,
                                "period_start": period.start,
                                "period_end": period.end,
                                "due_on": period.due_on,
                                "late": kind == "late",
                            },
                        )
                    )
                    told += 1
        return told
