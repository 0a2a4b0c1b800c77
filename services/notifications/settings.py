"""Configuration of the notifications service, from the environment."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """Notifications's settings: the shared ones with this service's defaults."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    port: int = 8003
    database_url: str = "sqlite+aiosqlite:///.run/notifications.db"
