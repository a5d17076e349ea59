"""An engine over the real departments, profile and diseases plus fixture symptoms and red flags."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.loader import KNOWLEDGE_DIR
from preconsult.triage import TriageEngine

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def knowledge_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("knowledge")
    shutil.copy(KNOWLEDGE_DIR / "departments.yml", root / "departments.yml")
    shutil.copytree(KNOWLEDGE_DIR / "hospital_profiles", root / "hospital_profiles")
    shutil.copytree(KNOWLEDGE_DIR / "diseases", root / "diseases")
    (root / "symptoms").mkdir()
    (root / "red_flags").mkdir()
    shutil.copy(DATA / "symptoms.yml", root / "symptoms" / "fixture.yml")
    shutil.copy(DATA / "red_flags.yml", root / "red_flags" / "fixture.yml")
    return root


@pytest.fixture(scope="session")
def engine(knowledge_root: Path) -> TriageEngine:
    return TriageEngine.from_knowledge(root=knowledge_root)
