"""Configuration of the audit service, from the environment."""

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from sqlalchemy.engine import make_url

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """Audit's settings: the shared ones with this service's defaults, the signing key and the checkpoint cadence."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    port: int = 8004
    database_url: str = "sqlite+aiosqlite:///.run/audit.db"
    # The Ed25519 private key that signs checkpoints: PEM (PKCS#8), or the 32-byte seed in base64 — or a file
    # holding either. With neither, a development key is generated into `audit_dev_signing_key_file`.
    audit_signing_key: SecretStr | None = None
    audit_signing_key_file: Path | None = None
    # Defaults beside a SQLite database (else in `.run/`); both git-ignored.
    audit_dev_signing_key_file: Path | None = None
    audit_checkpoint_file: Path | None = None
    audit_checkpoint_every_entries: int = Field(default=1000, ge=1)
    audit_checkpoint_every_seconds: float = Field(default=300.0, gt=0)
    # How often a waiting replica tries the writer lock, and the writer looks at the checkpoint clock.
    audit_writer_poll_seconds: float = Field(default=1.0, gt=0)
    # Re-computation asks the scoring service's preview endpoint: audit never imports scoring's engine.
    scoring_url: str = "http://127.0.0.1:8002"

    def beside_database(self, name: str) -> Path:
        """`name` in the SQLite database's folder, or in `.run/` for another database."""
        url = make_url(self.database_url)
        if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
            return Path(url.database).parent / name
        return Path(".run") / name

    @property
    def checkpoint_file(self) -> Path:
        return self.audit_checkpoint_file or self.beside_database("audit-checkpoints.jsonl")

    @property
    def dev_signing_key_file(self) -> Path:
        return self.audit_dev_signing_key_file or self.beside_database("audit-signing.key")
