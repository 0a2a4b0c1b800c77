"""Who is calling an HTTP API, as the actor events record.

Development identification by headers (`X-Actor-Id`, `X-Actor-Role`) until bearer tokens replace it; every
endpoint asks through this one dependency, so the switch happens here.
"""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, HTTPException

from shared.events import Actor


def current_actor(
    x_actor_id: Annotated[str, Header(description="Who acts (development identification)")] = "anonymous",
    x_actor_role: Annotated[str | None, Header(description="The role they act in")] = None,
    x_actor_bidder_id: Annotated[str | None, Header(description="The enterprise a bidder acts for")] = None,
) -> Actor:
    return Actor(kind="user", id=x_actor_id, role=x_actor_role, bidder_id=x_actor_bidder_id)


ActorDep = Annotated[Actor, Depends(current_actor)]


def require_role(*roles: str) -> Callable[[Actor], Actor]:
    """A dependency that lets only actors in one of `roles` through (403 otherwise)."""

    def check(actor: ActorDep) -> Actor:
        if actor.role not in roles:
            raise HTTPException(403, f"this needs the role {' or '.join(roles)}")
        return actor

    return check


def bidder_of(actor: Actor) -> str:
    """The enterprise a bidder acts for (403 for anyone else)."""
    if actor.role != "bidder" or not actor.bidder_id:
        raise HTTPException(403, "only a bidder, acting for its enterprise, can do this")
    return actor.bidder_id
