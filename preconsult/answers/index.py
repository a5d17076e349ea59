"""The knowledge index: article passages plus their embeddings, cached on disk.

The cache lives in ``<data_dir>/index/<version>/`` where the version hashes every article file
together with the embedding model and the passage format, so editing knowledge triggers a
rebuild. ``preconsult knowledge build`` builds it with a progress bar; nothing is built on import.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from preconsult.answers.articles import (
    Article,
    Passage,
    knowledge_version,
    load_articles,
    split_passages,
)
from preconsult.answers.embedder import Embedder

__all__ = ["INDEX_FORMAT", "KnowledgeIndex", "build_index", "index_version", "load_or_build"]

log = logging.getLogger(__name__)

INDEX_FORMAT = "passages-v1"
_BATCH = 16

ProgressFactory = Callable[[int], "ProgressBar"]


class ProgressBar:
    """Minimal progress interface (tqdm satisfies it)."""

    def update(self, n: int = 1) -> object:  # pragma: no cover - interface
        return None

    def close(self) -> None:  # pragma: no cover - interface
        return None


@dataclass(frozen=True)
class KnowledgeIndex:
    """Everything retrieval needs, immutable once built."""

    version: str
    articles: dict[str, Article]
    passages: list[Passage]
    embeddings: npt.NDArray[np.float32]
    model: str = ""

    def __post_init__(self) -> None:
        if len(self.passages) != len(self.embeddings):
            raise ValueError("index is inconsistent: one embedding per passage expected")


def index_version(articles_dir: Path, embedder: Embedder) -> str:
    """Knowledge content hash salted with the model and passage format."""
    return knowledge_version(articles_dir, salt=f"{INDEX_FORMAT}|{embedder.name}")


def _embed(
    embedder: Embedder,
    texts: Sequence[str],
    progress: ProgressFactory | None,
    reuse: dict[str, npt.NDArray[np.float32]] | None = None,
) -> npt.NDArray[np.float32]:
    """Embed ``texts``; vectors of unchanged passages come from ``reuse`` (text → vector)."""
    reuse = reuse or {}
    todo = sorted({t for t in texts if t not in reuse})
    bar = progress(len(todo)) if progress else None
    fresh: dict[str, npt.NDArray[np.float32]] = {}
    try:
        for start in range(0, len(todo), _BATCH):
            batch = todo[start : start + _BATCH]
            for text, vector in zip(batch, embedder.embed_passages(batch), strict=True):
                fresh[text] = vector
            if bar:
                bar.update(len(batch))
    finally:
        if bar:
            bar.close()
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack([fresh[t] if t in fresh else reuse[t] for t in texts]).astype(np.float32)


def build_index(
    articles_dir: Path,
    embedder: Embedder,
    *,
    progress: ProgressFactory | None = None,
    reuse: dict[str, npt.NDArray[np.float32]] | None = None,
    version: str | None = None,
) -> KnowledgeIndex:
    """Load and split every article and embed its passages (``reuse``: known vectors)."""
    version = version or index_version(articles_dir, embedder)
    articles = load_articles(articles_dir)
    passages = [p for a in articles for p in split_passages(a)]
    embeddings = _embed(embedder, [p.search_text() for p in passages], progress, reuse)
    return KnowledgeIndex(
        version=version,
        articles={a.id: a for a in articles},
        passages=passages,
        embeddings=embeddings,
        model=embedder.name,
    )


def _save(index: KnowledgeIndex, folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    try:
        np.save(tmp / "embeddings.npy", index.embeddings)
        payload = {
            "version": index.version,
            "model": index.model,
            "articles": [a.model_dump(mode="json") for a in index.articles.values()],
            "passages": [p.model_dump() for p in index.passages],
        }
        (tmp / "index.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        tmp.rename(folder)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _load(folder: Path) -> KnowledgeIndex:
    payload = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    articles = [Article(**a) for a in payload["articles"]]
    return KnowledgeIndex(
        version=payload["version"],
        articles={a.id: a for a in articles},
        passages=[Passage(**p) for p in payload["passages"]],
        embeddings=np.load(folder / "embeddings.npy").astype(np.float32),
        model=payload.get("model", ""),
    )


def _previous_vectors(cache_dir: Path, model: str) -> dict[str, npt.NDArray[np.float32]]:
    """Passage text → vector from older cached indexes built with the same model."""
    vectors: dict[str, npt.NDArray[np.float32]] = {}
    if not cache_dir.is_dir():
        return vectors
    for folder in sorted(cache_dir.iterdir()):
        if not (folder / "index.json").exists():
            continue
        try:
            old = _load(folder)
        except (OSError, ValueError, KeyError):
            continue
        if old.model != model:
            continue
        vectors.update(
            {p.search_text(): v for p, v in zip(old.passages, old.embeddings, strict=True)}
        )
    return vectors


def load_or_build(
    articles_dir: Path,
    cache_dir: Path,
    embedder: Embedder,
    *,
    progress: ProgressFactory | None = None,
    force: bool = False,
) -> tuple[KnowledgeIndex, bool]:
    """The index for the current knowledge: from the cache, else built and cached.

    Returns ``(index, built)``; ``built`` is False when the cache was used.
    """
    version = index_version(articles_dir, embedder)
    folder = cache_dir / version
    if not force and (folder / "index.json").exists():
        try:
            return _load(folder), False
        except (OSError, ValueError, KeyError) as exc:
            log.warning("index cache %s unreadable (%s); rebuilding", folder, exc)
    reuse = {} if force else _previous_vectors(cache_dir, embedder.name)
    index = build_index(articles_dir, embedder, progress=progress, reuse=reuse, version=version)
    _save(index, folder)
    for stale in cache_dir.iterdir():
        if stale.is_dir() and stale.name != version and not stale.name.startswith("."):
            shutil.rmtree(stale, ignore_errors=True)
    log.info("built knowledge index %s: %d passages", version, len(index.passages))
    return index, True
