"""Configuration of the notifications service, from the environment."""

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    """Notifications's settings: the shared ones, the SMTP server, and how the dispatcher paces and retries."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    port: int = 8003
    database_url: str = "sqlite+aiosqlite:///.run/notifications.db"

    # The SMTP server; the default is the local mail sink the demo starts (aiosmtpd).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    mail_from: str = "udbud@kolding.dk"
    mail_from_name: str = "Kolding Kommune, Udbud"
    # Right-hand side of every Message-ID: `<notification-id@domain>` lets a receiver drop a repeated send.
    message_id_domain: str = "notifications.kolding.local"

    # The dispatcher: how often it looks for due e-mail, how many it sends side by side, and how long a claimed
    # e-mail stays reserved for the process that claimed it (after a crash, another try starts when it ends).
    dispatch_poll_seconds: float = Field(default=1.0, gt=0)
    dispatch_batch_size: int = Field(default=20, ge=1)
    dispatch_lease_seconds: float = Field(default=300.0, gt=0)
    # Retries: attempt n waits between half and all of base × 2^(n-1) seconds, at most backoff_max_seconds.
    max_attempts: int = Field(default=6, ge=1)
    backoff_base_seconds: float = Field(default=30.0, gt=0)
    backoff_max_seconds: float = Field(default=3600.0, gt=0)

    # Deadline reminders: this many hours before the deadline, to interested recipients who have not bid (0: off).
    reminder_hours_before: float = Field(default=48.0, ge=0)
    # Officers are e-mailed at their actor id when it is an e-mail address, else here.
    officers_email: str = "udbud@kolding.dk"

    # Webhooks. Loopback and private addresses are refused unless allowed (development and tests only);
    # link-local and cloud metadata addresses are always refused. Plain http:// only when allowed.
    webhook_allow_private: bool = False
    webhook_allow_http: bool = False
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
