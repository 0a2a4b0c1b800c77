"""Who is calling an HTTP API: the actor a bearer token names, as events record it.

Tokens are JWTs checked against the configured JWKS (shared.tokens). A route that needs no one (a published
tender, the scoring preview) asks for `MaybeActorDep`: no token means an anonymous actor, a bad token is still a
401. Every other route asks for `ActorDep`: 401 without a valid token. Roles are then checked by the route
(`require_role`, `BidderDep`) and objects by the service: a bidder sees its own things only.
"""

from collections.abc import Callable
from typing import Annotated

import structlog
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.events import Actor
from shared.settings import ServiceSettings
from shared.tokens import InvalidToken, TokenVerifier

ANONYMOUS = Actor(kind="user", id="anonymous")
log = structlog.get_logger(__name__)
# Two schemes with one check, so the OpenAPI document tells a client which routes need a token.
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="BearerToken",
    description="A JWT from the configured issuer (`procure token` in development).",
)
optional_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="OptionalBearerToken",
    description="Optional: without a token the caller is anonymous; a token given must be valid.",
)


def _unauthorized(reason: str) -> HTTPException:
    return HTTPException(401, reason, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def _verifier(request: Request) -> TokenVerifier:
    """The verifier, built on first use from the service's settings (the JWKS may appear after start-up)."""
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is None:
        settings: ServiceSettings = request.app.state.runtime.settings
        try:
            verifier = (
                TokenVerifier.from_url(
                    settings.auth_jwks_url, issuer=settings.auth_issuer, audience=settings.auth_audience
                )
                if settings.auth_jwks_url
                else TokenVerifier.from_file(
                    settings.auth_jwks_file, issuer=settings.auth_issuer, audience=settings.auth_audience
                )
            )
        except (OSError, ValueError) as error:
            log.error("token_keys_unavailable", error=str(error))
            raise _unauthorized("no token can be checked: the service has no keys of its issuer") from None
        request.app.state.token_verifier = verifier
    return verifier


def _actor(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Actor | None:
    if credentials is None:
        return None
    try:
        identity = _verifier(request).verify(credentials.credentials)
    except InvalidToken as invalid:
        log.info("token_refused", reason=str(invalid))
        raise _unauthorized("the bearer token is not valid") from None
    return Actor(kind="user", id=identity.subject, role=identity.role, bidder_id=identity.bidder_id)


def current_actor(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Actor:
    actor = _actor(request, credentials)
    if actor is None:
        raise _unauthorized("this needs a bearer token")
    return actor


def maybe_actor(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(optional_bearer)]
) -> Actor:
    return _actor(request, credentials) or ANONYMOUS


ActorDep = Annotated[Actor, Depends(current_actor)]
MaybeActorDep = Annotated[Actor, Depends(maybe_actor)]


def require_role(*roles: str) -> Callable[[Actor], Actor]:
    """A dependency that lets only actors in one of `roles` through (403 otherwise)."""

    def check(actor: ActorDep) -> Actor:
        if actor.role not in roles:
            raise HTTPException(403, f"this needs the role {' or '.join(roles)}")
        return actor

    return check


def bidder_of(actor: ActorDep) -> str:
    """The enterprise a bidder acts for (403 for anyone else)."""
    if actor.role != "bidder" or not actor.bidder_id:
        raise HTTPException(403, "only a bidder, acting for its enterprise, can do this")
    return actor.bidder_id


OfficerDep = Annotated[Actor, Depends(require_role("officer"))]
BidderDep = Annotated[str, Depends(bidder_of)]  # the id of the enterprise the calling bidder acts for
