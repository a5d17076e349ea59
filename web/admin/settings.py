"""Admin-only settings (environment variables prefixed PRECONSULT_ADMIN_): retention, lockout, sessions."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["AdminSettings", "get_admin_settings"]


class AdminSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PRECONSULT_ADMIN_", env_file=".env", extra="ignore"
    )

    retention_days: int = Field(default=90, ge=1, le=3650)  # `preconsult transcripts purge` default
    session_hours: float = Field(default=8.0, gt=0, le=72)
    max_failed_logins: int = Field(default=5, ge=1, le=100)
    lockout_minutes: int = Field(default=15, ge=1, le=1440)
    min_password_length: int = Field(default=10, ge=8, le=128)
    page_size: int = Field(default=50, ge=10, le=500)


@lru_cache
def get_admin_settings() -> AdminSettings:
    return AdminSettings()
