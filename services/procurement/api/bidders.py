"""Bidding enterprises register once: identity (CVR checked), contact, size, status, and an ESPD-shaped
self-declaration."""

import uuid

from fastapi import APIRouter

from services.procurement.api.dependencies import StoreDep
from services.procurement.api.models import BidderRegistration, Created, Enterprise
from services.procurement.store import Bidder
from shared import events
from shared.access import MaybeActorDep
from shared.cvr import cvr_reasons
from shared.http_errors import InvalidInput
from shared.runtime import RuntimeDep

router = APIRouter(tags=["bidders"])


@router.post("/bidders", status_code=201, summary="Register a bidding enterprise")
async def register_bidder(
    registration: BidderRegistration, actor: MaybeActorDep, runtime: RuntimeDep, store: StoreDep
) -> Created:
    problems = identity_problems(registration, "body")
    if problems:
        raise InvalidInput(problems)
    bidder = Bidder(
        bidder_id=str(uuid.uuid4()),
        registered_at=runtime.clock.now(),
        **registration.model_dump(mode="json", exclude={"self_declaration"}),
        self_declaration=registration.self_declaration.model_dump(mode="json") if registration.self_declaration else {},
    )
    async with runtime.unit_of_work.begin() as transaction:
        store.add(transaction.session, bidder)
        published = bidder.model_dump(
            include={
                "bidder_id",
                "name",
                "country",
                "cvr",
                "email",
                "webhook_url",
                "language",
                "rsv_registered",
                "sme_size",
                "sheltered_workshop",
            }
        )
        transaction.emit(
            events.BidderRegistered(
                occurred_at=bidder.registered_at,
                correlation_id=f"bidder-{bidder.bidder_id}",
                actor=actor,
                payload=published,
            )
        )
    return Created(id=bidder.bidder_id)


def identity_problems(enterprise: BidderRegistration | Enterprise, path: str) -> list[tuple[str, str, str]]:
    """A Danish enterprise needs a valid CVR number; one from elsewhere its national id (when registering)."""
    if enterprise.country != "DK":
        national_id = getattr(enterprise, "national_id", "given")
        needed = ("required for an enterprise outside Denmark", "skal udfyldes for en virksomhed uden for Danmark")
        return [] if national_id else [(f"{path}.national_id", *needed)]
    if enterprise.cvr is None:
        return [(f"{path}.cvr", "required for a Danish enterprise", "skal udfyldes for en dansk virksomhed")]
    reasons = cvr_reasons(enterprise.cvr)
    return [(f"{path}.cvr", *reasons)] if reasons else []
