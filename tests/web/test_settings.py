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


def test_heap_is_frozen_unless_testing(tmp_path) -> None:
    assert Settings(data_dir=tmp_path).should_freeze_heap
    assert not Settings(environment="test", data_dir=tmp_path).should_freeze_heap
    assert Settings(environment="test", data_dir=tmp_path, freeze_heap=True).should_freeze_heap


def test_gateway_start_up_freezes_the_heap(settings: Settings) -> None:
    import gc

    from fastapi.testclient import TestClient

    from web.app import create_app

    gc.unfreeze()
    app = create_app(settings.model_copy(update={"freeze_heap": True}))
    try:
        with TestClient(app) as client:
            assert client.get("/healthz").status_code == 200
            assert gc.get_freeze_count() > 100_000  # the triage index among them
    finally:
        gc.unfreeze()
