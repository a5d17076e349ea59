"""Shared fixtures: the real drug book and a pharmacist with a controllable red-flag screener."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from preconsult.pharmacy import get_drug_book
from preconsult.pharmacy.engine import Pharmacist
from preconsult.pharmacy.loader import DrugBook


@dataclass
class Hit:
    id: str
    name: str
    urgency: str


@dataclass
class FakeScreener:
    """Returns ``hits`` when the text contains ``trigger``."""

    trigger: str = "胸口疼"
    hits: list[Any] = field(
        default_factory=lambda: [Hit("chest_pain", "胸痛", "emergency_ambulance")]
    )
    calls: list[str] = field(default_factory=list)

    def screen(
        self,
        text: str,
        age: float | None = None,
        sex: str | None = None,
        pregnant: bool | None = None,
    ) -> list[Any]:
        self.calls.append(text)
        return list(self.hits) if self.trigger in text else []


@pytest.fixture(scope="session")
def book() -> DrugBook:
    return get_drug_book()


@pytest.fixture
def screener() -> FakeScreener:
    return FakeScreener()


@pytest.fixture
def pharmacist(book: DrugBook, screener: FakeScreener) -> Pharmacist:
    return Pharmacist(book, screener=screener)
