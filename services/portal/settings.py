"""Configuration of the portal, from the environment. The portal has no database and no broker: it calls the
other services over HTTP with the signed-in user's token."""

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8005
    procurement_url: str = "http://127.0.0.1:8001"
    scoring_url: str = "http://127.0.0.1:8002"
    notifications_url: str = "http://127.0.0.1:8003"
    audit_url: str = "http://127.0.0.1:8004"
    # The tokens the portal accepts are checked like the services check them (same JWKS, issuer, audience).
    auth_jwks_file: Path = Path(".run/auth/jwks.json")
    auth_jwks_url: str | None = None  # an OpenID Connect provider's jwks_uri; wins over the file
    auth_issuer: str = "https://login.dev.procure.local"
    auth_audience: str = "social-clause-procurement"
    # Development sign-in: a page to choose a demo user per role, whose token the portal mints with the local
    # development issuer's key in this folder. Off unless set (`procure up` sets it): never in production.
    dev_issuer_dir: Path | None = None
    # Production sign-in: the OpenID Connect provider (its issuer URL, found through its discovery document), this
    # portal's client registration there, and the callback address registered with it.
    oidc_issuer: str | None = None
    oidc_client_id: str = "social-clause-portal"
    oidc_client_secret: SecretStr = SecretStr("")
    oidc_redirect_url: str = "http://127.0.0.1:8005/sign-in/callback"
    # Cookies only over HTTPS in production; the local suite runs on plain HTTP.
    secure_cookies: bool = False
    log_json: bool = True
    log_level: str = "INFO"
