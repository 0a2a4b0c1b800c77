"""After publication: amendments (the only way a published tender changes), questions and answers,
cancellation."""

import uuid
from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from services.procurement import domain
from services.procurement.api.dependencies import StoreDep, bidder_or_404, hide_drafts, tender_or_404
from services.procurement.api.models import AmendmentDraft, AnswerDraft, Cancellation, Created, QuestionDraft
from services.procurement.api.tender_checks import amendment_problems, lots_with_proxy_values
from services.procurement.domain import ProxyTable
from services.procurement.reference_data import proxy_table_from
from services.procurement.store import Amendment, Question
from shared import events
from shared.access import BidderDep, MaybeActorDep, OfficerDep
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep

router = APIRouter(
    prefix="/tenders/{tender_id}", tags=["amendments, questions, cancellation"], dependencies=[Depends(hide_drafts)]
)


@router.post(
    "/amendments",
    status_code=201,
    summary="Publish an amendment; less than 6 days before the deadline, the deadline moves so 6 days remain",
    responses={409: {"description": "Not published, or the deadline has passed"}},
)
async def amend(
    tender_id: str, draft: AmendmentDraft, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await tender_or_404(store, session, tender_id)
        now = runtime.clock.now()
        domain.ensure_amendable(tender.status, tender.deadline, now)
        table = await _frozen_table(store, session, tender.proxy_table_version)
        lots, problems = lots_with_proxy_values(tender_id, draft.lots or [], table)
        problems += amendment_problems(draft)
        if problems:
            raise InvalidInput(problems)
        before = tender.deadline
        changed = [field for field in ("title", "title_en", "description", "deadline") if getattr(draft, field)]
        for field in changed:
            setattr(tender, field, getattr(draft, field))
        if draft.lots:
            await store.replace_lots(session, tender_id, lots)
            changed.append("lots")
        tender.deadline = domain.deadline_after_amendment(tender.deadline, now, draft.keep_deadline_reason)
        amendment = Amendment(
            amendment_id=str(uuid.uuid4()),
            tender_id=tender_id,
            number=len(await store.amendments(session, tender_id)) + 1,
            summary=draft.summary,
            summary_en=draft.summary_en,
            changed=changed,
            deadline_before=before,
            deadline_after=tender.deadline,
            keep_deadline_reason=draft.keep_deadline_reason,
            published_at=now,
            actor_id=actor.id,
        )
        store.add(session, tender)
        store.add(session, amendment)
        transaction.emit(
            events.TenderAmended(
                occurred_at=now,
                correlation_id=tender.correlation_id,
                actor=actor,
                payload={
                    **amendment.model_dump(
                        include={
                            "amendment_id",
                            "number",
                            "summary",
                            "summary_en",
                            "changed",
                            "deadline_before",
                            "keep_deadline_reason",
                        }
                    ),
                    "tender_id": tender_id,
                    "deadline": tender.deadline,
                    "deadline_moved": tender.deadline != (draft.deadline or before),
                    "title": draft.title,
                    "title_en": draft.title_en,
                    "lots": [lot.model_dump(exclude={"tender_id"}) for lot in lots] if draft.lots else None,
                },
            )
        )
    return {**amendment.model_dump(mode="json"), "deadline_moved": tender.deadline != (draft.deadline or before)}


@router.get("/amendments", summary="The tender's amendments, in order")
async def amendments(tender_id: str, runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        await tender_or_404(store, session, tender_id)
        return [a.model_dump(mode="json", exclude={"actor_id"}) for a in await store.amendments(session, tender_id)]


@router.post("/cancel", summary="Cancel the tender, with the reason bidders will be told")
async def cancel(
    tender_id: str, cancellation: Cancellation, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        domain.ensure_cancellable(tender.status)
        now = runtime.clock.now()
        tender.status, tender.cancelled_at, tender.cancel_reason = (
            domain.TenderStatus.CANCELLED,
            now,
            cancellation.reason,
        )
        store.add(transaction.session, tender)
        payload = {"tender_id": tender_id, "reason": cancellation.reason, "cancelled_at": now}
        transaction.emit(
            events.TenderCancelled(occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload)
        )
    return {"tender_id": tender_id, "status": tender.status}


@router.post("/questions", status_code=201, summary="A bidder asks a question (other bidders never see who asked)")
async def ask(
    tender_id: str, bidder_id: BidderDep, draft: QuestionDraft, runtime: RuntimeDep, store: StoreDep
) -> Created:
    async with runtime.unit_of_work.begin() as transaction:
        session = transaction.session
        tender = await tender_or_404(store, session, tender_id)
        domain.ensure_open_for_questions(tender.status)
        await bidder_or_404(store, session, bidder_id)
        number = len(await store.questions(session, tender_id)) + 1
        question = Question(
            question_id=str(uuid.uuid4()),
            tender_id=tender_id,
            number=number,
            asked_by=bidder_id,
            question=draft.question,
            asked_at=runtime.clock.now(),
        )
        store.add(session, question)
    return Created(id=question.question_id)


@router.post("/questions/{question_id}/answer", summary="Answer a question; the answer is published to every bidder")
async def answer(
    tender_id: str, question_id: str, draft: AnswerDraft, actor: OfficerDep, runtime: RuntimeDep, store: StoreDep
) -> dict[str, Any]:
    async with runtime.unit_of_work.begin() as transaction:
        tender = await tender_or_404(store, transaction.session, tender_id)
        domain.ensure_open_for_questions(tender.status)
        question = await store.question(transaction.session, tender_id, question_id)
        if question is None:
            raise HTTPException(404, f"no question {question_id} on this tender")
        if question.answer is not None:
            raise domain.Conflict(
                "the question has been answered; a correction is an amendment",
                "spørgsmålet er besvaret; en korrektion sker ved en rettelse",
            )
        now = runtime.clock.now()
        question.answer, question.answered_at = draft.answer, now
        store.add(transaction.session, question)
        payload = question.model_dump(
            include={"tender_id", "question_id", "number", "question", "answer", "answered_at"}
        )
        transaction.emit(
            events.QuestionAnswered(occurred_at=now, correlation_id=tender.correlation_id, actor=actor, payload=payload)
        )
    warnings = domain.late_answer_warnings(now, tender.deadline)
    return {"question_id": question_id, "warnings": [w.__dict__ for w in warnings]}


@router.get("/questions", summary="The answered questions, published to every bidder without who asked")
async def questions(tender_id: str, actor: MaybeActorDep, runtime: RuntimeDep, store: StoreDep) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        await tender_or_404(store, session, tender_id)
        asked = await store.questions(session, tender_id)
    if actor.role == "officer":  # officers see every question, and who asked it
        return [q.model_dump(mode="json") for q in asked]
    return [q.model_dump(mode="json", exclude={"asked_by"}) for q in asked if q.answer is not None]


async def _frozen_table(store: Any, session: Any, version: str) -> ProxyTable:
    row = await store.proxy_table(session, version)
    assert row is not None, "a tender's proxy table version is stored before the tender"
    return proxy_table_from(row.document)
