"""Lazy access to the core services the actions adapt (triage engine, answer router).

Imports happen on first use so the action server starts fast and unit tests can replace
these functions with test doubles (``monkeypatch.setattr(services, "triage_engine", ...)``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Protocol

from preconsult.triage.models import Screener

__all__ = ["Assistant", "TriageEngine", "assistant", "triage_engine", "triage_request"]


class TriageEngine(Screener, Protocol):
    """The part of ``preconsult.triage`` engine the dialogue uses (docs/contracts.md)."""

    def assess(self, request: Any, *, semantic: bool = True) -> Any: ...


class Assistant(Protocol):
    """``preconsult.router`` assistant: answers health and medication questions."""

    def answer(self, question: str, locale: str = "zh-CN", channel: str = "web") -> Any: ...


def triage_engine() -> TriageEngine:
    """The cached ``preconsult.triage.get_engine()``."""
    engine: TriageEngine = import_module("preconsult.triage").get_engine()
    return engine


def triage_request(**fields: Any) -> Any:
    """A ``preconsult.triage.TriageRequest``."""
    return import_module("preconsult.triage").TriageRequest(**fields)


def assistant() -> Assistant:
    """The cached ``preconsult.router.get_assistant()``."""
    helper: Assistant = import_module("preconsult.router").get_assistant()
    return helper
