"""The sealed-bid vault: a bid's content is encrypted before it reaches the database, under a data key of its
tender that the database holds only wrapped by a master key kept outside it (configuration or a key file).

- AES-256-GCM for the content, with the bid's and tender's ids as associated data, so a sealed bid cannot be
  moved to another row unnoticed;
- AES key wrap (RFC 3394) for the data key;
- the master key from VAULT_MASTER_KEY (base64 of 32 bytes) or the file VAULT_MASTER_KEY_FILE; for local runs
  only, a missing file is created with a fresh key (mode 0600) and a warning.
"""

import base64
import json
import os
import secrets
from pathlib import Path
from typing import Any

import structlog
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap

log = structlog.get_logger(__name__)
NONCE_BYTES = 12


class Vault:
    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the vault's master key must be 32 bytes")
        self._master_key = master_key

    def new_tender_key(self) -> bytes:
        """A fresh data key for a tender, wrapped: the only form in which it is stored."""
        return aes_key_wrap(self._master_key, AESGCM.generate_key(bit_length=256))

    def seal(self, wrapped_key: bytes, plaintext: bytes, *, bound_to: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + AESGCM(self._unwrap(wrapped_key)).encrypt(nonce, plaintext, bound_to.encode())

    def open(self, wrapped_key: bytes, sealed: bytes, *, bound_to: str) -> bytes:
        nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
        return AESGCM(self._unwrap(wrapped_key)).decrypt(nonce, ciphertext, bound_to.encode())

    def _unwrap(self, wrapped_key: bytes) -> bytes:
        return aes_key_unwrap(self._master_key, wrapped_key)


def seal_bid(
    vault: Vault, wrapped_key: bytes, *, tender_id: str, bid_id: str, content: dict[str, Any], salt: bytes
) -> bytes:
    """A bid's content and its salt, sealed together: the salt must stay secret until the opening too, or the
    public commitment would let anyone with the database test guessed prices."""
    plaintext = json.dumps({"content": content, "salt": salt.hex()}, separators=(",", ":"), ensure_ascii=False)
    return vault.seal(wrapped_key, plaintext.encode(), bound_to=f"{tender_id}/{bid_id}")


def open_bid(
    vault: Vault, wrapped_key: bytes, *, tender_id: str, bid_id: str, sealed: bytes
) -> tuple[dict[str, Any], str]:
    """The content and the salt (hex) of a sealed bid."""
    opened = json.loads(vault.open(wrapped_key, sealed, bound_to=f"{tender_id}/{bid_id}"))
    return opened["content"], opened["salt"]


def master_key(configured: str | None, key_file: Path) -> bytes:
    """The master key from configuration, else from its file (created for local runs when missing)."""
    if configured:
        return base64.b64decode(configured)
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(base64.b64encode(secrets.token_bytes(32)).decode())
        log.warning(
            "vault_master_key_created", file=str(key_file), note="for local runs only; configure one in production"
        )
    return base64.b64decode(key_file.read_text().strip())
