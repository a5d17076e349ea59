"""Fixtures of the answer-core tests: a small article set indexed with the real e5 model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from preconsult.answers.embedder import E5Embedder
from preconsult.answers.engine import AnswerEngine
from preconsult.answers.index import KnowledgeIndex, build_index

FIXTURE_ARTICLES = Path(__file__).parent / "fixtures" / "articles"


@pytest.fixture(scope="session")
def embedder() -> E5Embedder:
    return E5Embedder()


@pytest.fixture(scope="session")
def index(embedder: E5Embedder) -> KnowledgeIndex:
    return build_index(FIXTURE_ARTICLES, embedder)


@pytest.fixture
def engine(index: KnowledgeIndex, embedder: E5Embedder) -> AnswerEngine:
    return AnswerEngine(index, embedder)


@dataclass(frozen=True)
class FakeHit:
    """Stands in for preconsult.triage RedFlagHit (same attributes the router reads)."""

    id: str
    name: str
    urgency: str
    guideline: str = "test guideline"

    def name_in(self, locale: str | None) -> str:
        return self.name


@dataclass
class FakeScreener:
    """Test double of the triage engine's ``screen``: fires on listed phrases."""

    rules: dict[str, FakeHit] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def screen(self, text: str, *args: Any, **kwargs: Any) -> list[FakeHit]:
        self.calls.append(text)
        return [hit for phrase, hit in self.rules.items() if phrase in text]


@pytest.fixture
def screener() -> FakeScreener:
    return FakeScreener(
        {
            "胸口疼": FakeHit("acs", "胸痛伴出汗", "emergency_ambulance"),
            "抽搐": FakeHit("seizure", "抽搐", "emergency"),
        }
    )
