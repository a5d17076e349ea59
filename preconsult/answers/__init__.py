"""Health-education answers grounded in knowledge/articles: retrieval, composition, guardrails.

``get_answer_engine()`` loads (or builds once) the cached index and returns the process-wide
engine; the router (``preconsult.router``) is the entry point channels should use.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from preconsult.answers.engine import DEFAULT_THRESHOLD, AnswerEngine, Outcome
from preconsult.answers.models import Citation, Reply, ReplyKind

__all__ = [
    "AnswerEngine",
    "Citation",
    "Outcome",
    "Reply",
    "ReplyKind",
    "get_answer_engine",
]

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def get_answer_engine() -> AnswerEngine:
    """The engine over the current knowledge (index from the cache, built if missing)."""
    from preconsult.answers.embedder import get_embedder
    from preconsult.answers.index import load_or_build
    from preconsult.answers.llm import build_chat_model
    from preconsult.answers.settings import get_settings

    settings = get_settings()
    embedder = get_embedder()
    index, built = load_or_build(settings.articles_dir, settings.index_dir, embedder)
    if built:
        log.warning(
            "knowledge index was missing and has been built; run `preconsult knowledge build`"
        )
    threshold = (
        settings.min_confidence if settings.min_confidence is not None else DEFAULT_THRESHOLD
    )
    return AnswerEngine(index, embedder, llm=build_chat_model(settings), threshold=threshold)
