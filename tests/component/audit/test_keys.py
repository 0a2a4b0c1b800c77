"""The signing key from configuration, the development key generated once, and public keys as auditors pin them."""

import base64
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from structlog.testing import capture_logs

from services.audit.keys import KeyProblem, read_public_key, signing_key
from services.audit.settings import Settings

KEY = Ed25519PrivateKey.generate()
RAW = KEY.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
PUBLIC = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}", **values)  # type: ignore[arg-type]


def same(key: Ed25519PrivateKey) -> bool:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) == PUBLIC


def test_the_key_comes_from_the_setting_as_pem_or_base64_or_from_a_file(tmp_path: Path) -> None:
    pem = KEY.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    key_file = tmp_path / "signing.pem"
    key_file.write_text(pem)
    assert same(signing_key(settings(tmp_path, audit_signing_key=pem)))
    assert same(signing_key(settings(tmp_path, audit_signing_key=base64.b64encode(RAW).decode())))
    assert same(signing_key(settings(tmp_path, audit_signing_key_file=key_file)))
    assert not (tmp_path / "audit-signing.key").exists(), "no development key when one is configured"


def test_without_a_key_a_development_key_is_generated_once_beside_the_database(tmp_path: Path) -> None:
    with capture_logs() as logged:
        first = signing_key(settings(tmp_path))
    again = signing_key(settings(tmp_path))

    path = tmp_path / "audit-signing.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) == again.public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw
    )
    pinned = read_public_key((tmp_path / "audit-signing.pub.pem").read_text(), source="pub")
    assert pinned.public_bytes(Encoding.Raw, PublicFormat.Raw) == first.public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw
    )
    [warning] = [line for line in logged if line["event"] == "audit_development_signing_key_generated"]
    assert warning["log_level"] == "warning"
    assert "BEGIN PUBLIC KEY" in warning["public_key"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"audit_signing_key": "bm90IGEga2V5"}, "AUDIT_SIGNING_KEY: not an Ed25519 private key"),
        ({"audit_signing_key_file": Path("/nonexistent/key.pem")}, "No such file"),
    ],
)
def test_a_key_that_cannot_be_read_is_a_clear_error(tmp_path: Path, values: dict[str, object], message: str) -> None:
    with pytest.raises(KeyProblem, match=message):
        signing_key(settings(tmp_path, **values))


def test_a_pinned_public_key_is_pem_base64_or_hex() -> None:
    pem = KEY.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()
    for text in (pem, base64.b64encode(PUBLIC).decode(), PUBLIC.hex()):
        assert read_public_key(text, source="pinned").public_bytes(Encoding.Raw, PublicFormat.Raw) == PUBLIC
    with pytest.raises(KeyProblem, match="pinned: not an Ed25519 public key"):
        read_public_key("abc", source="pinned")
