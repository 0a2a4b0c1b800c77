"""A small OpenID Connect provider for tests, on a real port: discovery, an authorize endpoint that signs in the
user the test names at once, a token endpoint that checks the client, the redirect and PKCE, and its JWKS."""

import base64
import hashlib
import json
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from procure.ports import free_port
from tests.support.servers import served

CLIENT_ID, CLIENT_SECRET = "social-clause-portal", "portal-secret"
API_AUDIENCE = "social-clause-procurement"


@dataclass
class FakeProvider:
    url: str
    user: dict[str, str] = field(default_factory=lambda: {"sub": "anne.officer@kolding.dk", "role": "officer"})
    nonce_override: str | None = None  # to send an ID token made for another sign-in
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    id_tokens: list[str] = field(default_factory=list)  # every ID token issued, newest last
    ended_sessions: list[str] = field(default_factory=list)  # the subjects signed out at the provider

    def sign(self, claims: dict[str, Any]) -> str:
        now = int(time.time())
        body = {"iss": self.url, "iat": now, "exp": now + 600, **claims}
        return jwt.encode(body, self.key, algorithm="RS256", headers={"kid": "provider-key"})

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        async def discovery() -> dict[str, str]:
            return {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "end_session_endpoint": f"{self.url}/logout?p=B2C_1_signin",  # a query of its own, as B2C has
            }

        @app.get("/logout")
        async def logout(id_token_hint: str, post_logout_redirect_uri: str, client_id: str, p: str) -> RedirectResponse:
            claims = jwt.decode(id_token_hint, self.key.public_key(), algorithms=["RS256"], audience=CLIENT_ID)
            if client_id != CLIENT_ID or p != "B2C_1_signin":
                raise HTTPException(400, "unknown client or policy")
            self.ended_sessions.append(claims["sub"])
            return RedirectResponse(post_logout_redirect_uri, status_code=302)

        @app.get("/jwks")
        async def jwks() -> dict[str, Any]:
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            return {"keys": [{**public, "kid": "provider-key", "use": "sig", "alg": "RS256"}]}

        @app.get("/authorize")
        async def authorize(request: Request) -> RedirectResponse:
            query = request.query_params
            if query["client_id"] != CLIENT_ID or query.get("code_challenge_method") != "S256":
                raise HTTPException(400, "bad authorization request")
            code = secrets.token_urlsafe(16)
            self.codes[code] = {k: query[k] for k in ("redirect_uri", "nonce", "code_challenge")}
            target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
            return RedirectResponse(target, status_code=302)

        @app.post("/token")
        async def token(
            request: Request,
            code: Annotated[str, Form()],
            redirect_uri: Annotated[str, Form()],
            code_verifier: Annotated[str, Form()],
        ) -> dict[str, str]:
            expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            issued = self.codes.pop(code, None)  # a code is good once
            if request.headers.get("authorization") != expected or issued is None:
                raise HTTPException(400, "invalid_grant")
            verified = base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest()).rstrip(b"=")
            if verified.decode() != issued["code_challenge"] or redirect_uri != issued["redirect_uri"]:
                raise HTTPException(400, "invalid_grant")
            nonce = self.nonce_override or issued["nonce"]
            self.id_tokens.append(self.sign({"aud": CLIENT_ID, "sub": self.user["sub"], "nonce": nonce}))
            return {
                "token_type": "Bearer",
                "access_token": self.sign({"aud": API_AUDIENCE, **self.user, "name": "Anne Holm"}),
                "id_token": self.id_tokens[-1],
            }

        return app


@asynccontextmanager
async def fake_provider() -> AsyncIterator[FakeProvider]:
    port = free_port()
    provider = FakeProvider(f"http://127.0.0.1:{port}")
    async with served(provider.app(), port):
        yield provider
