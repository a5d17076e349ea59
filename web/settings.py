"""The gateway's typed settings (environment variables prefixed PRECONSULT_, or a .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["REPO_ROOT", "Settings", "get_settings"]

REPO_ROOT = Path(__file__).resolve().parent.parent
_DEV_SECRET = "dev-only-insecure-secret-key-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PRECONSULT_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    secret_key: SecretStr = SecretStr(_DEV_SECRET)
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""

    data_dir: Path = REPO_ROOT / "var"
    database_url: str = ""  # default: sqlite file in data_dir
    auto_migrate: bool = (
        True  # apply Alembic migrations at start-up (off when several gateways share a DB)
    )
    redis_url: str = ""  # empty: single-instance mode, nothing shared across gateways

    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    rasa_timeout_s: float = Field(8.0, gt=0, le=120)
    rasa_retries: int = Field(1, ge=0, le=5)
    # a reply slower than this gets the fallback message first (the real answer still follows)
    slow_reply_fallback_s: float = Field(1.5, gt=0, le=60)

    max_message_chars: int = Field(1000, ge=10, le=20000)
    max_frame_bytes: int = Field(16384, ge=1024, le=1_048_576)
    rate_limit_messages: int = Field(20, ge=1)  # per session ...
    rate_limit_window_s: float = Field(10.0, gt=0)  # ... per window
    allowed_origins: list[str] = Field(default_factory=list)  # empty: same host only
    kiosk_idle_seconds: int = Field(120, ge=15, le=3600)
    # keep full garbage collections off the start-up heap (the triage index): on unless testing,
    # where many apps start in one process
    freeze_heap: bool | None = None

    @property
    def should_freeze_heap(self) -> bool:
        return self.freeze_heap if self.freeze_heap is not None else self.environment != "test"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'preconsult.db'}"

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment != "production":
            return self
        problems = []
        secret = self.secret_key.get_secret_value()
        if secret == _DEV_SECRET or len(secret) < 32:
            problems.append("PRECONSULT_SECRET_KEY must be set to a random value of >= 32 chars")
        if not self.database_url or self.database_url.startswith("sqlite"):
            problems.append("PRECONSULT_DATABASE_URL must point at PostgreSQL in production")
        if not self.allowed_origins:
            problems.append("PRECONSULT_ALLOWED_ORIGINS must list the public origin(s)")
        if problems:
            raise ValueError("unsafe production settings: " + "; ".join(problems))
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
