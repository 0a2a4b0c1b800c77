"""After the award: the standstill's end, the signed contract, and the supplier's outcome reports (due or late).

**Contract signed** goes to the supplier in full (contract, value, period, the social commitments it is held
to). The other bidders of the lot are told only that the contract was signed with the supplier named in their
award notice, and when: the signing date starts the time limits for a complaint about the contract (lov om
Klagenævnet for Udbud § 7), while the value and the rest are published by the municipality in the contract award
notice, not sent to competitors.
"""

from collections.abc import Iterable

from services.notifications.domain.planning import About, Kind, PlannedNotification, on_every_channel
from shared.events.award import ContractSigned, StandstillStarted
from shared.events.impact import OutcomeReportDue


def standstill_notices(event: StandstillStarted, recipients: Iterable[str]) -> list[PlannedNotification]:
    """ "The standstill ends at …", to every bidder whose award notice started it."""
    standstill = event.payload
    facts = {
        "award_event_id": standstill.award_event_id,
        "notified_on": standstill.notified_on.isoformat(),
        "channel": standstill.channel,
        "ends_at": standstill.ends_at.isoformat(),
    }
    return on_every_channel(
        "standstill_ends",
        str(event.event_id),
        sorted(set(recipients)),
        About(standstill.tender_id, standstill.lot_id),
        facts,
    )


def contract_notices(event: ContractSigned, lot_bidders: Iterable[str]) -> list[PlannedNotification]:
    """The supplier's full notice, and the short one to each other bidder of the lot."""
    contract, source = event.payload, str(event.event_id)
    told_to_all = {"supplier_name": contract.supplier_name, "signed_at": contract.signed_at.isoformat()}
    supplier = {
        **told_to_all,
        "is_supplier": True,
        "contract_id": contract.contract_id,
        "value_dkk": str(contract.value_dkk),
        "contract_start": contract.contract_start.isoformat(),
        "contract_end": contract.contract_end.isoformat(),
        "targets": [{"proxy": target.proxy, "quantity": str(target.quantity)} for target in contract.targets],
    }
    others = sorted(set(lot_bidders) - {contract.supplier_bidder_id})
    about = About(contract.tender_id, contract.lot_id)
    others_facts = {**told_to_all, "is_supplier": False}
    return [
        *on_every_channel("contract_signed", source, [contract.supplier_bidder_id], about, supplier),
        *on_every_channel("contract_signed", source, others, about, others_facts),
    ]


def outcome_report_notices(event: OutcomeReportDue) -> list[PlannedNotification]:
    """A period's outcome report is due (the period has ended) or late: the supplier is reminded."""
    due = event.payload
    facts = {
        "contract_id": due.contract_id,
        "period_index": due.period_index,
        "period_start": due.period_start.isoformat(),
        "period_end": due.period_end.isoformat(),
        "due_on": due.due_on.isoformat(),
    }
    kind: Kind = "outcome_report_late" if due.late else "outcome_report_due"
    return on_every_channel(kind, str(event.event_id), [due.supplier_bidder_id], About(due.tender_id), facts)
