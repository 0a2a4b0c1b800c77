"""Configuration of the procurement service, from the environment."""

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """Procurement's settings: the shared ones with this service's defaults."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    port: int = 8001
    database_url: str = "sqlite+aiosqlite:///.run/procurement.db"
    # The sealed-bid vault's master key: base64 of 32 bytes, or a file holding it. Never in the database.
    vault_master_key: SecretStr | None = None
    vault_master_key_file: Path = Path(".run/procurement-vault.key")
    # How often the deadline clock looks for tenders whose deadline has passed.
    deadline_poll_seconds: float = Field(default=1.0, gt=0)
