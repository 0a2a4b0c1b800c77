"""Tokens a service must refuse: stale, meant for someone else, unsigned, or signed by the wrong key."""

import time
from pathlib import Path

import jwt

from shared.tokens import DevelopmentIssuer


def forged_tokens(issuer: DevelopmentIssuer, scratch: Path) -> dict[str, str]:
    """Each refused token by what is wrong with it. `scratch` holds a second issuer's key."""
    stranger = DevelopmentIssuer(scratch / "stranger")
    claims = {"iss": issuer.issuer, "aud": issuer.audience, "sub": "mallory", "role": "officer"}
    now = int(time.time())
    own_key = {"kid": issuer.key_id}
    return {
        "expired": issuer.mint("o-1", "officer", now=now - 9 * 3600),
        "another audience": DevelopmentIssuer(issuer.folder, audience="another-system").mint("o-1", "officer"),
        "another issuer": DevelopmentIssuer(issuer.folder, issuer="https://evil.example").mint("o-1", "officer"),
        "alg none": jwt.encode(claims | {"iat": now, "exp": now + 60}, None, algorithm="none", headers=own_key),
        "shared secret": jwt.encode(
            claims | {"iat": now, "exp": now + 60},
            "a-guessable-secret-of-32-bytes!!",
            algorithm="HS256",
            headers=own_key,
        ),
        "another issuer's key": stranger.mint("o-1", "officer"),
        "another key under our key id": _resigned(stranger, own_key, claims | {"iat": now, "exp": now + 60}),
        "not a token": "not-a-token",
        "unknown role": issuer.mint("o-1", "superuser"),
        "bidder without enterprise": issuer.mint("b-1", "bidder"),
        "no expiry": _resigned(issuer, own_key, claims | {"iat": now}),
    }


def _resigned(signer: DevelopmentIssuer, headers: dict[str, str], claims: dict[str, object]) -> str:
    return jwt.encode(claims, signer._private, algorithm="RS256", headers=headers)
