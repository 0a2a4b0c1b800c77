"""Configuration of the procurement service, from the environment."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """Procurement's settings: the shared ones with this service's defaults."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    port: int = 8001
    database_url: str = "sqlite+aiosqlite:///.run/procurement.db"
    # How often the deadline clock looks for tenders whose deadline has passed.
    deadline_poll_seconds: float = Field(default=1.0, gt=0)
