"""Configuration every service shares, read from the environment with working defaults for one machine."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaSettings(BaseSettings):
    """Where the broker is and how topics are shaped; also what `procure kafka` starts locally."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_partitions: int = Field(default=3, ge=1)
    kafka_replication_factor: int = Field(default=1, ge=1)
    kafka_controller_port: int = 9093
    # Prefixes every topic and consumer group, to keep deployments (or test runs) apart on one cluster.
    kafka_namespace: str = Field(default="", pattern=r"^[a-z0-9-]*$")

    def namespaced(self, name: str) -> str:
        return f"{self.kafka_namespace}.{name}" if self.kafka_namespace else name


class ServiceSettings(KafkaSettings):
    """The base of each service's `Settings`: a service adds only its own fields."""

    host: str = "127.0.0.1"
    port: int
    database_url: str
    # A stable name for this replica (the host name, say): with it a restarted replica takes its partitions back
    # at once (Kafka static membership) instead of waiting for its dead predecessor's session to time out.
    kafka_instance_id: str | None = None
    log_json: bool = True
    log_level: str = "INFO"
    # Handler failures are retried this often, with this first backoff, before the message goes to `<topic>.dlq`.
    handler_attempts: int = Field(default=3, ge=1)
    handler_backoff_seconds: float = Field(default=0.2, ge=0)
    outbox_poll_seconds: float = Field(default=0.5, gt=0)
    # Bearer tokens: checked against this JWKS (a file, or an OpenID Connect provider's jwks_uri), issuer, audience.
    auth_jwks_file: Path = Path(".run/auth/jwks.json")
    auth_jwks_url: str | None = None
    auth_issuer: str = "https://login.dev.procure.local"
    auth_audience: str = "social-clause-procurement"
    # Demonstrations only: the services' clock runs ahead by the seconds this file holds (see shared.clock).
    clock_offset_file: Path | None = None
