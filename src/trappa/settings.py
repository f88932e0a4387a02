"""How this installation runs: one `Settings`, read once from the environment (``TRAPPA_*``) and passed down.

The municipality's own settings (its name, staircase, publishing …) are not here: they live in the
database, see ``trappa.services.municipality``.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from trappa.errors import TrappaError
from trappa.home import default_home, sqlite_url

PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev"}


class Settings(BaseSettings):
    """Configuration of one trappa installation. Every field can be set as ``TRAPPA_<FIELD>``."""

    # An empty variable means "not set": the tests and the README pass TRAPPA_DATABASE_URL="" for SQLite.
    model_config = SettingsConfigDict(env_prefix="TRAPPA_", env_ignore_empty=True, extra="ignore")

    home: Path = Field(default_factory=default_home, description="Folder of the embedded database and caches")
    database_url: str | None = Field(None, description="SQLAlchemy URL; SQLite under `home` when not set")
    env: Literal["development", "production"] = "development"
    secret_key: SecretStr = SecretStr("")
    embed_ancestors: str = Field("*", description="Who may frame /innbygg (CSP frame-ancestors)")
    max_request_bytes: int = Field(
        201_000_000, gt=0, description="The largest request body the web accepts (an upload of 200 MB and its form)"
    )
    trusted_proxy: str | None = Field(
        None, description="Address of the reverse proxy whose X-Forwarded-For is believed (none: the peer's address)"
    )
    import_wait_seconds: float = Field(
        3.0, ge=0, description="How long an upload waits for its import before the page shows progress instead"
    )
    ssb_url: str = "https://data.ssb.no/api/pxwebapi/v2"
    ssb_klass_url: str = Field("https://data.ssb.no/api/klass/v1", description="SSB's classifications (KLASS)")
    ssb_cache: Path | None = Field(None, description="Disk cache of SSB answers; `home`/ssb-cache when not set")
    ssb_requests_per_minute: float = Field(30, gt=0, le=30, description="SSB allows 30 requests a minute")
    host: str = "127.0.0.1"
    port: int = 8000
    warm_cache: bool = Field(True, description="Compute the public figures when the web server starts")

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or sqlite_url(self.home)

    @property
    def ssb_cache_dir(self) -> Path:
        return self.ssb_cache or self.home / "ssb-cache"

    @property
    def demo_folder(self) -> Path:
        return self.home / "demo"

    @property
    def demo_database_url(self) -> str:
        """Demo kommune lives in a database of its own, so it never mixes with the municipality's data."""
        return sqlite_url(self.demo_folder)

    @cached_property
    def session_secret(self) -> str:
        """The key that signs sessions and form tokens. In development a random one per process is fine."""
        secret = self.secret_key.get_secret_value()
        if self.production and (secret.strip().lower() in PLACEHOLDER_SECRETS or len(secret) < 32
                                or len(set(secret)) < 16):  # 32 × «a» is long, but guessable  # fmt: skip
            raise TrappaError(
                "TRAPPA_SECRET_KEY manglar, er ein plasshaldar eller har for lite variasjon. I produksjon må han vere "
                "minst 32 tilfeldige "
                "teikn, til dømes frå «python -c 'import secrets; print(secrets.token_urlsafe(48))'»."
            )
        if secret:
            return secret
        import secrets

        return secrets.token_urlsafe(48)
