"""Settings refuse unsafe values in production and default to the embedded SQLite database."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from web.settings import Settings


def test_default_is_sqlite_in_data_dir(tmp_path) -> None:
    s = Settings(data_dir=tmp_path)
    assert s.effective_database_url == f"sqlite:///{tmp_path / 'preconsult.db'}"


def test_production_refuses_default_secret_and_sqlite() -> None:
    with pytest.raises(ValidationError) as info:
        Settings(environment="production")
    text = str(info.value)
    assert "SECRET_KEY" in text and "PostgreSQL" in text and "ALLOWED_ORIGINS" in text


def test_production_refuses_short_secret() -> None:
    with pytest.raises(ValidationError):
        Settings(
            environment="production",
            secret_key="short",
            database_url="postgresql://u@db/preconsult",
            allowed_origins=["https://hospital.example"],
        )


def test_production_accepts_safe_values() -> None:
    s = Settings(
        environment="production",
        secret_key="x" * 40,
        database_url="postgresql://u@db/preconsult",
        allowed_origins=["https://hospital.example"],
    )
    assert s.environment == "production"


def test_bounds_are_enforced() -> None:
    with pytest.raises(ValidationError):
        Settings(max_message_chars=0)
