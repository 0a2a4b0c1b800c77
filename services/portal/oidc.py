"""Sign-in through the municipality's OpenID Connect provider: the authorization-code flow with PKCE, a state and
a nonce. The provider's access token, checked like every service checks it, becomes the portal's session cookie;
its ID token is checked for the nonce, so a code cannot be replayed into another browser's sign-in."""

import base64
import hashlib
import json
import secrets
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx
import jwt


@dataclass(frozen=True)
class SignedIn:
    access_token: str
    id_token: str


class SignInFailed(Exception):
    """The provider's answer cannot be trusted or used; the message says why (shown to the user, logged)."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None = None  # RP-initiated logout, when the provider offers it


@dataclass(frozen=True)
class PendingSignIn:
    """What the browser keeps (in a short-lived cookie) between leaving for the provider and coming back."""

    state: str
    nonce: str
    verifier: str
    next_path: str

    def cookie(self) -> str:
        return base64.urlsafe_b64encode(json.dumps(asdict(self)).encode()).decode()

    @classmethod
    def from_cookie(cls, value: str | None) -> "PendingSignIn":
        try:
            return cls(**json.loads(base64.urlsafe_b64decode((value or "").encode())))
        except (ValueError, TypeError) as error:
            raise SignInFailed("no sign-in was started in this browser") from error


def start(next_path: str) -> PendingSignIn:
    token = secrets.token_urlsafe
    return PendingSignIn(state=token(24), nonce=token(24), verifier=token(48), next_path=next_path)


def challenge(verifier: str) -> str:
    """PKCE S256: the provider gets the hash now and the verifier with the code, so a stolen code is useless."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def authorization_url(provider: Provider, pending: PendingSignIn, *, client_id: str, redirect_uri: str) -> str:
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid profile email",
        "state": pending.state,
        "nonce": pending.nonce,
        "code_challenge": challenge(pending.verifier),
        "code_challenge_method": "S256",
    }
    return f"{provider.authorization_endpoint}?{urlencode(query)}"


class OidcClient:
    def __init__(self, issuer: str, client_id: str, client_secret: str, redirect_uri: str) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self._secret = client_secret
        self.redirect_uri = redirect_uri
        self._provider: Provider | None = None

    async def provider(self) -> Provider:
        if self._provider is None:
            async with httpx.AsyncClient(timeout=10) as http:
                found = (await http.get(f"{self.issuer}/.well-known/openid-configuration")).raise_for_status().json()
            if found.get("issuer", "").rstrip("/") != self.issuer:
                raise SignInFailed("the provider's discovery document names another issuer")
            fields = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
            ending = found.get("end_session_endpoint")
            self._provider = Provider(**{name: found[name] for name in fields}, end_session_endpoint=ending)
        return self._provider

    async def finish(self, pending: PendingSignIn, *, code: str, state: str) -> "SignedIn":
        """The access token for the services (and the ID token, to sign out with), once the state, the ID token
        and its nonce check out."""
        if not secrets.compare_digest(state, pending.state):
            raise SignInFailed("the sign-in's state does not match this browser's")
        provider = await self.provider()
        answer = await self._exchange(provider, code, pending.verifier)
        claims = await self._id_claims(provider, answer.get("id_token", ""))
        if not secrets.compare_digest(str(claims.get("nonce", "")), pending.nonce):
            raise SignInFailed("the ID token was issued for another sign-in (nonce)")
        access = answer.get("access_token")
        if not access:
            raise SignInFailed("the provider sent no access token")
        return SignedIn(str(access), str(answer["id_token"]))

    async def sign_out_url(self, id_token: str | None) -> str | None:
        """Where to send the browser so the provider ends its session too (OpenID Connect RP-Initiated Logout),
        or None when the provider offers no such endpoint (or cannot be asked). The provider sends the browser
        back to the portal's sign-in page, on the public address the callback is registered at."""
        try:
            provider = await self.provider()
        except (httpx.HTTPError, ValueError, KeyError, SignInFailed):
            return None  # signing out of the portal must not depend on the provider answering
        if not provider.end_session_endpoint:
            return None
        public = urlsplit(self.redirect_uri)
        query = {"client_id": self.client_id, "post_logout_redirect_uri": f"{public.scheme}://{public.netloc}/sign-in"}
        query |= {"id_token_hint": id_token} if id_token else {}
        endpoint = urlsplit(provider.end_session_endpoint)  # it may carry a query of its own (a B2C policy, say)
        merged = "&".join(part for part in (endpoint.query, urlencode(query)) if part)
        return urlunsplit(endpoint._replace(query=merged))

    async def _exchange(self, provider: Provider, code: str, verifier: str) -> dict[str, Any]:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": verifier,
        }
        async with httpx.AsyncClient(timeout=10) as http:
            response = await http.post(provider.token_endpoint, data=form, auth=(self.client_id, self._secret))
        if response.status_code != 200:
            raise SignInFailed(f"the provider refused the code ({response.status_code})")
        answer: dict[str, Any] = response.json()
        return answer

    async def _id_claims(self, provider: Provider, id_token: str) -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=10) as http:
            keys = jwt.PyJWKSet.from_dict((await http.get(provider.jwks_uri)).raise_for_status().json())
        try:
            kid = jwt.get_unverified_header(id_token).get("kid")
            key = next((k for k in keys.keys if k.key_id == kid), None)
            if key is None:
                raise SignInFailed("the ID token is signed with a key the provider does not publish")
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key.key,
                algorithms=["RS256", "ES256", "EdDSA"],
                audience=self.client_id,
                issuer=provider.issuer,
                options={"require": ["exp", "iat", "sub", "nonce"]},
            )
        except jwt.PyJWTError as error:
            raise SignInFailed(f"the ID token is not valid: {error}") from error
        return claims
