"""From an officer's draft to lots ready to store, or to every problem that stops it; and a stored tender's
warnings. The frozen proxy values enter each lot's evaluation model here."""

from datetime import datetime
from typing import Any

from services.procurement import domain
from services.procurement.api.models import AmendmentDraft, LotDraft, TenderDraft
from services.procurement.domain import ProxyTable, Reference, SocialClause, TenderTerms, Warning
from services.procurement.store import Lot, Tender
from shared.evaluation.model_check import evaluation_model_problems

Problems = list[tuple[str, str]]


def lots_with_proxy_values(
    tender_id: str, drafts: list[LotDraft], table: ProxyTable, *, path: str = "body.lots"
) -> tuple[list[Lot], Problems]:
    problems: Problems = []
    lots = []
    seen: set[str] = set()
    for index, draft in enumerate(drafts):
        where = f"{path}[{index}]"
        if draft.lot_id in seen:
            problems.append((f"{where}.lot_id", f"lot {draft.lot_id} appears twice"))
        seen.add(draft.lot_id)
        if "proxy_values" in draft.evaluation_model:
            problems.append(
                (f"{where}.evaluation_model.proxy_values", "set from the tender's proxy table; leave it out")
            )
        model = {**domain.as_decimal_strings(draft.evaluation_model), "proxy_values": table.frozen_values()}
        problems += [(f"{where}.evaluation_model.{p.path}", p.reason) for p in evaluation_model_problems(model)]
        lots.append(Lot(tender_id=tender_id, lot_id=draft.lot_id, title=draft.title, evaluation_model=model))
    return lots, problems


def draft_problems(draft: TenderDraft, lots: list[Lot], table: ProxyTable, reference: Reference) -> Problems:
    problems: Problems = []
    if draft.contract_end <= draft.contract_start:
        problems.append(("body.contract_end", "must be after contract_start"))
    if draft.request_deadline is not None and draft.request_deadline >= draft.deadline:
        problems.append(("body.request_deadline", "must be before the submission deadline"))
    codes = {row.code for row in table.rows}
    social = {c["id"] for lot in lots for c in lot.evaluation_model.get("criteria", []) if c.get("kind") == "social"}
    for index, clause in enumerate(draft.social_clauses):
        if clause.proxy_code and clause.proxy_code not in codes:
            problems.append(
                (f"body.social_clauses[{index}].proxy_code", f"unknown code {clause.proxy_code} in {table.version}")
            )
        if clause.form is domain.ClauseForm.AWARD_CRITERION and clause.criterion_id not in social:
            problems.append(
                (
                    f"body.social_clauses[{index}].criterion_id",
                    "an award-criterion clause names a social criterion of a lot",
                )
            )
    terms = terms_of_draft(draft, at=draft.deadline)
    problems += [
        (f"body.{field}", reason) for field, reason in domain.reservation_problems(terms, reference.art77_cpv_prefixes)
    ]
    return problems


def amendment_problems(amendment: AmendmentDraft) -> Problems:
    changes = amendment.model_dump(exclude={"summary", "summary_en", "keep_deadline_reason"}, exclude_none=True)
    return (
        [] if changes else [("body", "an amendment changes something: a title, the description, the deadline or lots")]
    )


def warnings_of(tender: Tender, lots: list[Lot], reference: Reference, *, at: datetime) -> list[Warning]:
    """The warnings for a tender published at `at` (its publication time, or now for a draft)."""
    return domain.tender_warnings(terms_of(tender, at=at), reference, [lot.evaluation_model for lot in lots])


def terms_of(tender: Tender, *, at: datetime) -> TenderTerms:
    return TenderTerms(
        procedure=tender.procedure,
        contract_type=tender.contract_type,
        estimated_value_dkk=tender.estimated_value_dkk,
        contract_start=tender.contract_start,
        contract_end=tender.contract_end,
        published_at=at,
        submission_deadline=tender.deadline,
        request_deadline=tender.request_deadline,
        reservation=tender.reservation,
        cpv_codes=tuple(tender.cpv_codes),
        clauses=tuple(_clause(c) for c in tender.social_clauses),
        training_exemption=tender.training_exemption,
    )


def terms_of_draft(draft: TenderDraft, *, at: datetime) -> TenderTerms:
    fields = draft.model_dump(include=set(TenderTerms.__dataclass_fields__) - {"clauses", "published_at", "cpv_codes"})
    return TenderTerms(
        **fields,
        published_at=at,
        submission_deadline=draft.deadline,
        cpv_codes=tuple(draft.cpv_codes),
        clauses=tuple(_clause(c.model_dump()) for c in draft.social_clauses),
    )


def _clause(clause: dict[str, Any]) -> SocialClause:
    return SocialClause(
        type=domain.ClauseType(clause["type"]),
        form=domain.ClauseForm(clause["form"]),
        description=clause["description"],
        quantity=clause.get("quantity"),
        proxy_code=clause.get("proxy_code"),
        criterion_id=clause.get("criterion_id"),
    )
