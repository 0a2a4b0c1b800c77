"""Production sign-in through an OpenID Connect provider on real HTTP: the authorization-code flow with PKCE,
state and nonce. The provider's access token becomes the session; a forged state, an ID token for another sign-in
or a code presented without its PKCE verifier is refused with a clear 400."""

import base64
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from services.portal.main import create_app
from services.portal.settings import Settings
from tests.support.oidc_provider import CLIENT_ID, CLIENT_SECRET, FakeProvider, fake_provider

PORTAL = "http://portal.test"


@pytest.fixture
async def provider() -> AsyncIterator[FakeProvider]:
    async with fake_provider() as running:
        yield running


@pytest.fixture
async def browser(provider: FakeProvider) -> AsyncIterator[httpx.AsyncClient]:
    """A client that reaches the portal in this process and the provider over real HTTP, keeping cookies."""
    settings = Settings(
        oidc_issuer=provider.url,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_redirect_url=f"{PORTAL}/sign-in/callback",
        auth_jwks_url=f"{provider.url}/jwks",
        auth_issuer=provider.url,
        dev_issuer_dir=None,
        log_json=False,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):  # loads the provider's keys
        mounts = {PORTAL: httpx.ASGITransport(app=app)}
        async with httpx.AsyncClient(mounts=mounts, base_url=PORTAL, timeout=10) as client:
            yield client


async def leave_for_provider(browser: httpx.AsyncClient) -> str:
    """The portal's redirect to the provider, and the provider's straight back: the callback address."""
    started = await browser.get("/sign-in/oidc", params={"next": "/sign-in"})
    assert started.status_code == 303
    at_provider = await browser.get(started.headers["location"])
    assert at_provider.status_code == 302, at_provider.text
    return at_provider.headers["location"]


async def test_the_providers_user_is_signed_in_with_the_providers_token(browser: httpx.AsyncClient) -> None:
    page = await browser.get("/sign-in")
    assert "Log ind med kommunens login" in page.text
    assert "Vælg en demobruger" not in page.text, "no demo users in production"
    callback = await leave_for_provider(browser)
    assert callback.startswith(f"{PORTAL}/sign-in/callback?code=")
    signed_in = await browser.get(callback)
    assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/sign-in")
    page_text = " ".join((await browser.get("/sign-in")).text.split())
    assert "Logget ind som Anne Holm (indkøber)" in page_text


async def test_a_forged_state_is_refused(browser: httpx.AsyncClient) -> None:
    callback = await leave_for_provider(browser)
    forged = callback.split("&state=")[0] + "&state=someone-elses"
    refused = await browser.get(forged)
    assert refused.status_code == 400
    assert "state does not match" in refused.text
    assert "procure_token" not in browser.cookies


async def test_an_id_token_for_another_sign_in_is_refused(browser: httpx.AsyncClient, provider: FakeProvider) -> None:
    provider.nonce_override = "another-sign-in"
    refused = await browser.get(await leave_for_provider(browser))
    assert refused.status_code == 400
    assert "nonce" in refused.text


async def test_a_code_without_its_pkce_verifier_is_refused(browser: httpx.AsyncClient) -> None:
    callback = await leave_for_provider(browser)
    pending = json.loads(base64.urlsafe_b64decode(browser.cookies["procure_sign_in"]))
    tampered = base64.urlsafe_b64encode(json.dumps({**pending, "verifier": "x" * 64}).encode()).decode()
    browser.cookies.set("procure_sign_in", tampered)
    refused = await browser.get(callback)
    assert refused.status_code == 400
    assert "refused the code" in refused.text


async def test_signing_out_ends_the_providers_session_too(browser: httpx.AsyncClient, provider: FakeProvider) -> None:
    await browser.get(await leave_for_provider(browser))
    signed_out = await browser.post("/sign-out")
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith(f"{provider.url}/logout?"), "on to the provider"
    back = await browser.get(signed_out.headers["location"])
    assert (back.status_code, back.headers["location"]) == (302, f"{PORTAL}/sign-in"), "and back to sign in"
    assert provider.ended_sessions == ["anne.officer@kolding.dk"], "the provider was told whose session to end"
    assert "procure_token" not in browser.cookies
    assert "procure_id_token" not in browser.cookies
    assert (await browser.get("/tenders")).status_code == 303, "signed out of the portal"
