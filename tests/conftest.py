"""Shared fixtures: a migrated temporary database and gateway settings for tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from web.settings import Settings
from web.storage.migrate import upgrade


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings(environment="test", data_dir=tmp_path, rasa_url="http://rasa.invalid:5005")
    upgrade(s.effective_database_url)
    return s
