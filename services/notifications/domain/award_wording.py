"""The words of the messages from the award on: the award notice with the winner's advantages, the standstill's
end, the signed contract, outcome reports; and the officers' messages."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from services.notifications.domain.formats import (
    Language,
    criterion_label,
    difference,
    kroner,
    local_date,
    local_time,
    points,
    quantity,
)
from services.notifications.domain.names import LotNames

_PROXIES: dict[Language, dict[str, str]] = {
    "da": {
        "DK_LTU_HIRE": "ansættelser fra kanten af arbejdsmarkedet",
        "DK_FLEXJOB": "fleksjob",
        "DK_APPRENTICE_YEAR": "lære- og elevpladser (år)",
    },
    "en": {
        "DK_LTU_HIRE": "hires from the edge of the labour market",
        "DK_FLEXJOB": "flexjobs",
        "DK_APPRENTICE_YEAR": "apprenticeships (years)",
    },
}
_KINDS: dict[Language, dict[str, str]] = {
    "da": {
        "bid_receipt": "kvittering for tilbud",
        "tender_amended": "rettelse til udbuddet",
        "question_answered": "svar på spørgsmål",
        "deadline_reminder": "påmindelse om tilbudsfristen",
        "tender_cancelled": "aflysning af udbuddet",
        "award_notice": "tildelingsbeslutning",
        "standstill_ends": "standstill-periodens udløb",
        "contract_signed": "kontraktindgåelse",
        "outcome_report_due": "påmindelse om afrapportering",
        "outcome_report_late": "manglende afrapportering",
    },
    "en": {
        "bid_receipt": "receipt for a tender",
        "tender_amended": "amendment of the procurement",
        "question_answered": "answer to a question",
        "deadline_reminder": "deadline reminder",
        "tender_cancelled": "cancellation of the procurement",
        "award_notice": "award decision",
        "standstill_ends": "end of the standstill period",
        "contract_signed": "contract signed",
        "outcome_report_due": "outcome report due",
        "outcome_report_late": "outcome report overdue",
    },
}
_CHANNELS: dict[Language, dict[str, str]] = {
    "da": {"email": "e-mail", "webhook": "webhook", "inbox": "indbakke", "electronic": "elektronisk", "letter": "brev"},
    "en": {"email": "e-mail", "webhook": "webhook", "inbox": "inbox", "electronic": "electronic", "letter": "letter"},
}


def _award(facts: dict[str, Any], lot: LotNames | None, language: Language) -> dict[str, Any]:
    kinds = lot.criterion_kinds if lot else {}

    def label(criterion: str) -> str:
        return criterion_label(criterion, kinds.get(criterion), language)

    return {
        "is_winner": facts["is_winner"],
        "winner_name": facts["winner_name"],
        "winner_total": points(facts["winner_total"], language),
        "decided_at": _time(facts["decided_at"], language),
        "reason": facts["reason"],
        "bids": [
            {
                "bid_id": bid["bid_id"],
                "rank": bid["rank"],
                "total": points(bid["total"], language),
                "excluded_reason": bid["excluded_reason"],
                "points": [(label(criterion), points(value, language)) for criterion, value in bid["points"].items()],
                "advantages": [
                    {
                        "criterion": label(advantage["criterion_id"]),
                        "winner_points": points(advantage["winner_points"], language),
                        "own_points": points(advantage["own_points"], language),
                        "difference": difference(advantage["winner_points"], advantage["own_points"], language),
                        "justification": advantage["justification"],
                    }
                    for advantage in bid.get("advantages", [])
                ],
            }
            for bid in facts["bids"]
        ],
    }


def _standstill(facts: dict[str, Any], _lot: LotNames | None, language: Language) -> dict[str, Any]:
    return {
        "ends_at": _time(facts["ends_at"], language),
        "notified_on": _day(facts["notified_on"], language),
        "channel": _CHANNELS[language].get(facts["channel"], facts["channel"]),
    }


def _contract(facts: dict[str, Any], _lot: LotNames | None, language: Language) -> dict[str, Any]:
    told = {
        "is_supplier": facts["is_supplier"],
        "supplier_name": facts["supplier_name"],
        "signed_at": _time(facts["signed_at"], language),
    }
    if not facts["is_supplier"]:
        return told
    return {
        **told,
        "contract_id": facts["contract_id"],
        "value": kroner(facts["value_dkk"], language),
        "contract_start": _day(facts["contract_start"], language),
        "contract_end": _day(facts["contract_end"], language),
        "targets": [
            (_PROXIES[language].get(target["proxy"], target["proxy"]), quantity(target["quantity"], language))
            for target in facts["targets"]
        ],
    }


def _outcome_report(facts: dict[str, Any], _lot: LotNames | None, language: Language) -> dict[str, Any]:
    return {
        "contract_id": facts["contract_id"],
        "period_index": facts["period_index"],
        "period_start": _day(facts["period_start"], language),
        "period_end": _day(facts["period_end"], language),
        "due_on": _day(facts["due_on"], language),
    }


def _evaluation(facts: dict[str, Any], _lot: LotNames | None, language: Language) -> dict[str, Any]:
    return {
        "ranked": facts["ranked"],
        "excluded": facts["excluded"],
        "leading_bid_id": facts["leading_bid_id"],
        "leading_total": points(facts["leading_total"], language),
        "warnings": list(facts["warnings"]),
    }


def _failure(facts: dict[str, Any], _lot: LotNames | None, language: Language) -> dict[str, Any]:
    return {
        "failed_recipient": facts["recipient_name"],
        "failed_recipient_id": facts["recipient_id"],
        "message_kind": _KINDS[language].get(facts["message_kind"], facts["message_kind"]),
        "channel": _CHANNELS[language].get(facts["channel"], facts["channel"]),
        "attempts": facts["attempts"],
        "error": facts["error"],
        "failed_at": _time(facts["failed_at"], language),
    }


def _time(iso: str, language: Language) -> str:
    return local_time(datetime.fromisoformat(iso), language)


def _day(iso: str, language: Language) -> str:
    return local_date(date.fromisoformat(iso), language)


PHRASINGS: dict[str, Callable[[dict[str, Any], LotNames | None, Language], dict[str, Any]]] = {
    "award_notice": _award,
    "standstill_ends": _standstill,
    "contract_signed": _contract,
    "outcome_report_due": _outcome_report,
    "outcome_report_late": _outcome_report,
    "evaluation_completed": _evaluation,
    "notification_failed": _failure,
}
