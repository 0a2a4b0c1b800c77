"""The bearer-token check: what a token must be for a service to trust it, and why each forgery is refused."""

import time
from pathlib import Path

import jwt
import pytest

from shared.tokens import DEFAULT_AUDIENCE, DEFAULT_ISSUER, DevelopmentIssuer, InvalidToken, TokenVerifier
from tests.support.bad_tokens import forged_tokens


@pytest.fixture(scope="module")
def issuer(tmp_path_factory: pytest.TempPathFactory) -> DevelopmentIssuer:
    return DevelopmentIssuer(tmp_path_factory.mktemp("issuer"))


@pytest.fixture(scope="module")
def verifier(issuer: DevelopmentIssuer) -> TokenVerifier:
    return TokenVerifier.from_file(issuer.jwks_file, issuer=DEFAULT_ISSUER, audience=DEFAULT_AUDIENCE)


def test_a_token_of_the_issuer_names_who_acts_in_which_role(issuer: DevelopmentIssuer, verifier: TokenVerifier) -> None:
    identity = verifier.verify(issuer.mint("anna@kolding.dk", "bidder", bidder_id="B-7", name="Anna"))
    assert (identity.subject, identity.role, identity.bidder_id, identity.name) == (
        "anna@kolding.dk",
        "bidder",
        "B-7",
        "Anna",
    )


def test_the_issuer_keeps_its_key_across_restarts(issuer: DevelopmentIssuer, verifier: TokenVerifier) -> None:
    again = DevelopmentIssuer(issuer.folder)
    assert again.key_id == issuer.key_id
    assert verifier.verify(again.mint("o-1", "officer")).role == "officer"


def test_every_forged_or_stale_token_is_refused_with_its_reason(
    issuer: DevelopmentIssuer, verifier: TokenVerifier, tmp_path: Path
) -> None:
    reasons = {}
    for name, token in forged_tokens(issuer, tmp_path).items():
        with pytest.raises(InvalidToken) as refused:
            verifier.verify(token)
        reasons[name] = str(refused.value)
    assert "expired" in reasons["expired"]
    assert "Audience" in reasons["another audience"]
    assert "Invalid issuer" in reasons["another issuer"]
    assert "not allowed" in reasons["alg none"]
    assert "not allowed" in reasons["shared secret"]
    assert "unknown key" in reasons["another issuer's key"]
    assert "Signature verification failed" in reasons["another key under our key id"]
    assert "Not enough segments" in reasons["not a token"]
    assert "unknown role" in reasons["unknown role"]
    assert "bidder_id" in reasons["bidder without enterprise"]
    assert "exp" in reasons["no expiry"]


def test_a_token_issued_in_the_future_is_refused(issuer: DevelopmentIssuer, verifier: TokenVerifier) -> None:
    with pytest.raises(InvalidToken, match="not yet valid"):
        verifier.verify(issuer.mint("o-1", "officer", now=time.time() + 3600))


def test_the_verifier_holds_only_public_keys(issuer: DevelopmentIssuer) -> None:
    text = issuer.jwks_file.read_text()
    assert '"d"' not in text
    assert "PRIVATE" not in text
    assert jwt.PyJWKSet.from_json(text).keys[0].key_id == issuer.key_id
