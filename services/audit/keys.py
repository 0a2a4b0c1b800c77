"""The checkpoint signing key from configuration, and public keys as auditors pin them.

Private key: `AUDIT_SIGNING_KEY` (PEM, or the 32-byte seed in base64) or `AUDIT_SIGNING_KEY_FILE`. With neither (a
developer's machine) a key is generated once into the git-ignored development key file, its public key written
beside it as `.pub.pem` and logged: convenient, and no substitute for a key kept outside the database's reach.
"""

import base64
import binascii
import os
from pathlib import Path

import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from services.audit.domain.checkpoints import key_id
from services.audit.settings import Settings

log = structlog.get_logger(__name__)


class KeyProblem(ValueError):
    """A key that cannot be read: the message says which and why."""


def read_private_key(text: str, *, source: str) -> Ed25519PrivateKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = load_pem_private_key(text.encode(), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(_raw_32(text))
    except (ValueError, TypeError) as error:
        raise KeyProblem(f"{source}: not an Ed25519 private key (PEM, or a 32-byte seed in base64): {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"{source}: the key is not an Ed25519 key")
    return key


def read_public_key(text: str, *, source: str) -> Ed25519PublicKey:
    """A pinned public key: PEM (SubjectPublicKeyInfo), or the 32 raw bytes in base64 or hex."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = load_pem_public_key(text.encode())
        else:
            key = Ed25519PublicKey.from_public_bytes(_raw_32(text))
    except (ValueError, TypeError) as error:
        raise KeyProblem(f"{source}: not an Ed25519 public key (PEM, or 32 bytes in base64 or hex): {error}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyProblem(f"{source}: the key is not an Ed25519 key")
    return key


def _raw_32(text: str) -> bytes:
    try:
        raw = bytes.fromhex(text) if len(text) == 64 else base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        raise ValueError("neither hex nor base64") from None
    if len(raw) != 32:
        raise ValueError(f"{len(raw)} bytes, not 32")
    return raw


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The configured key, else the development key (generated on first use)."""
    if settings.audit_signing_key is not None:
        return read_private_key(settings.audit_signing_key.get_secret_value(), source="AUDIT_SIGNING_KEY")
    if settings.audit_signing_key_file is not None:
        path = settings.audit_signing_key_file
        try:
            return read_private_key(path.read_text(), source=str(path))
        except OSError as error:
            raise KeyProblem(f"AUDIT_SIGNING_KEY_FILE {path}: {error.strerror}") from None
    return _development_key(settings.dev_signing_key_file)


def _development_key(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        return read_private_key(path.read_text(), source=str(path))
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable by others
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    public = public_pem(key.public_key())
    path.with_suffix(".pub.pem").write_text(public)
    log.warning(
        "audit_development_signing_key_generated",
        path=str(path),
        key_id=key_id(key.public_key()),
        public_key=public,
        advice="set AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE in any deployment, and pin its public key",
    )
    return key
