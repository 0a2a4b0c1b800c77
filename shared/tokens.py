"""Bearer tokens: JWTs signed with an asymmetric key and checked against a JWKS, so an OpenID Connect provider
can replace the development issuer without a change here.

A token names its subject (`sub`), role (`role`: officer, evaluator, bidder, auditor) and, for a bidder, the
enterprise it acts for (`bidder_id`). Issuer and audience must match; `exp`, `iat`, `sub` are required; only
asymmetric algorithms are accepted, so `alg: none` and shared-secret tokens are refused.
"""

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROLES = ("officer", "evaluator", "bidder", "auditor")
ACCEPTED_ALGORITHMS = ["RS256", "ES256", "EdDSA"]
DEFAULT_ISSUER = "https://login.dev.procure.local"
DEFAULT_AUDIENCE = "social-clause-procurement"
# A provider rotating its key publishes the new one before signing with it: a token naming a key not yet known
# makes the verifier read the keys again, but not more often than this, so made-up key ids cannot make every
# request fetch them.
KEYS_RELOADED_AT_MOST_EVERY_SECONDS = 60.0


class InvalidToken(Exception):
    """The token cannot be trusted; the message says why (for the log, not for the caller)."""


@dataclass(frozen=True)
class Identity:
    subject: str
    role: str
    bidder_id: str | None
    name: str | None


class TokenVerifier:
    def __init__(
        self,
        jwks: dict[str, Any],
        *,
        issuer: str,
        audience: str,
        reload: Callable[[], dict[str, Any]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`reload` reads the issuer's keys again (from where `jwks` came) when a token names an unknown key."""
        self._keys = _keys_of(jwks)
        self._issuer = issuer
        self._audience = audience
        self._reload, self._clock = reload, clock
        self._reloaded_at = -KEYS_RELOADED_AT_MOST_EVERY_SECONDS  # the first unknown key may reload at once
        self._reloading = threading.Lock()  # requests in threads at once: one reads, the others wait for it

    @classmethod
    def from_file(cls, path: Path, *, issuer: str, audience: str) -> "TokenVerifier":
        def read() -> dict[str, Any]:
            keys: dict[str, Any] = json.loads(path.read_text())
            return keys

        return cls(read(), issuer=issuer, audience=audience, reload=read)

    @classmethod
    def from_url(cls, url: str, *, issuer: str, audience: str) -> "TokenVerifier":
        """The keys an OpenID Connect provider publishes at its jwks_uri."""
        fetch = jwt.PyJWKClient(url, cache_jwk_set=False, timeout=5).fetch_data
        return cls(fetch(), issuer=issuer, audience=audience, reload=fetch)

    def _key(self, key_id: str | None) -> jwt.PyJWK | None:
        key = self._keys.get(key_id)
        if key is not None or self._reload is None:
            return key
        with self._reloading:
            if self._clock() - self._reloaded_at < KEYS_RELOADED_AT_MOST_EVERY_SECONDS:
                return self._keys.get(key_id)  # read lately (perhaps by the thread this one waited for)
            self._reloaded_at = self._clock()
            try:
                self._keys = _keys_of(self._reload())
            except (OSError, ValueError) as error:  # the keys kept are still good for the tokens they sign
                raise InvalidToken(f"the issuer's keys could not be read again: {error}") from None
        return self._keys.get(key_id)

    def verify(self, token: str) -> Identity:
        try:
            header = jwt.get_unverified_header(token)
            key = self._key(header.get("kid"))
            if key is None:
                raise InvalidToken(f"signed with an unknown key {header.get('kid')!r}")
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=ACCEPTED_ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from None
        if claims.get("role") not in ROLES:
            raise InvalidToken(f"unknown role {claims.get('role')!r}")
        if claims["role"] == "bidder" and not claims.get("bidder_id"):
            raise InvalidToken("a bidder's token names the enterprise it acts for (bidder_id)")
        return Identity(claims["sub"], claims["role"], claims.get("bidder_id"), claims.get("name"))


def _keys_of(jwks: dict[str, Any]) -> dict[str | None, jwt.PyJWK]:
    return {key.key_id: key for key in jwt.PyJWKSet.from_dict(jwks).keys}


class DevelopmentIssuer:
    """The development issuer: an RSA key pair in a folder, its public half published as `jwks.json`."""

    def __init__(self, folder: Path, *, issuer: str = DEFAULT_ISSUER, audience: str = DEFAULT_AUDIENCE) -> None:
        self.folder = folder
        self.issuer = issuer
        self.audience = audience
        self._private = self._load_or_create()

    @property
    def jwks_file(self) -> Path:
        return self.folder / "jwks.json"

    @property
    def key_id(self) -> str:
        return (self.folder / "key-id").read_text().strip()

    def mint(
        self,
        subject: str,
        role: str,
        *,
        bidder_id: str | None = None,
        name: str | None = None,
        lifetime_seconds: int = 8 * 3600,
        now: float | None = None,
    ) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "role": role,
            "iat": issued,
            "exp": issued + lifetime_seconds,
            "jti": str(uuid.uuid4()),
        }
        claims |= {key: value for key, value in (("bidder_id", bidder_id), ("name", name)) if value}
        return jwt.encode(claims, self._private, algorithm="RS256", headers={"kid": self.key_id})

    def _load_or_create(self) -> rsa.RSAPrivateKey:
        private_file = self.folder / "issuer-private.pem"
        if private_file.exists():
            key = serialization.load_pem_private_key(private_file.read_bytes(), password=None)
            assert isinstance(key, rsa.RSAPrivateKey)
            return key
        self.folder.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        private_file.write_bytes(pem)
        private_file.chmod(0o600)
        key_id = uuid.uuid4().hex[:16]
        (self.folder / "key-id").write_text(key_id)
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
        self.jwks_file.write_text(
            json.dumps({"keys": [{**public, "kid": key_id, "use": "sig", "alg": "RS256"}]}, indent=2)
        )
        return key
