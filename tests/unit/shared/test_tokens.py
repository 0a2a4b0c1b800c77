"""The bearer-token check: what a token must be for a service to trust it, and why each forgery is refused."""

import json
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


def test_a_key_the_provider_rotates_in_is_trusted_without_a_restart_and_reading_is_rate_limited(
    tmp_path: Path,
) -> None:
    old, new, newer = (DevelopmentIssuer(tmp_path / name) for name in ("old", "new", "newer"))
    published = tmp_path / "jwks.json"

    def publish(*issuers: DevelopmentIssuer) -> None:
        keys = [key for issuer in issuers for key in json.loads(issuer.jwks_file.read_text())["keys"]]
        published.write_text(json.dumps({"keys": keys}))

    now = [1000.0]
    publish(old)
    verifier = TokenVerifier(
        json.loads(published.read_text()),
        issuer=DEFAULT_ISSUER,
        audience=DEFAULT_AUDIENCE,
        reload=lambda: json.loads(published.read_text()),
        clock=lambda: now[0],
    )
    publish(old, new)  # the provider rotates: the new key is published, then tokens are signed with it
    assert verifier.verify(new.mint("o-1", "officer")).subject == "o-1", "read again on the unknown key"
    publish(old, new, newer)
    now[0] += 59
    with pytest.raises(InvalidToken, match="unknown key"):
        verifier.verify(newer.mint("o-2", "officer"))  # a minute has not passed since the keys were read
    now[0] += 1
    assert verifier.verify(newer.mint("o-2", "officer")).subject == "o-2"
    assert verifier.verify(old.mint("o-3", "officer")).subject == "o-3", "the old key is good while published"


def test_a_file_verifier_reads_its_file_again_for_an_unknown_key(tmp_path: Path) -> None:
    first, second = DevelopmentIssuer(tmp_path / "first"), DevelopmentIssuer(tmp_path / "second")
    published = tmp_path / "jwks.json"
    published.write_text(first.jwks_file.read_text())
    verifier = TokenVerifier.from_file(published, issuer=DEFAULT_ISSUER, audience=DEFAULT_AUDIENCE)
    published.write_text(second.jwks_file.read_text())
    assert verifier.verify(second.mint("o-1", "officer")).subject == "o-1"
