"""The on-disk index cache: built once, reused, rebuilt when the knowledge changes."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from preconsult.answers.index import load_or_build

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


class CountingEmbedder:
    name = "counting-test-embedder"

    def __init__(self) -> None:
        self.passages_embedded = 0

    def embed_query(self, text: str) -> np.ndarray:
        return np.ones(4, dtype=np.float32) / 2

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages_embedded += len(texts)
        return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_cache_is_reused_then_rebuilt_after_an_edit(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(FIXTURES, articles)
    embedder = CountingEmbedder()
    first, built = load_or_build(articles, tmp_path / "index", embedder)
    assert built and embedder.passages_embedded == len(first.passages) > 0

    again, built_again = load_or_build(articles, tmp_path / "index", embedder)
    assert not built_again and embedder.passages_embedded == len(first.passages)
    assert again.version == first.version and again.passages == first.passages

    (articles / "t-hpv.md").unlink()
    changed, rebuilt = load_or_build(articles, tmp_path / "index", embedder)
    assert rebuilt and changed.version != first.version
    assert "t-hpv" not in changed.articles
    assert [p.name for p in (tmp_path / "index").iterdir()] == [changed.version]


def test_progress_bar_sees_every_passage(tmp_path: Path) -> None:
    seen: list[int] = []

    class Bar:
        def __init__(self, total: int) -> None:
            seen.append(total)

        def update(self, n: int = 1) -> None:
            seen.append(n)

        def close(self) -> None:
            pass

    index, _ = load_or_build(FIXTURES, tmp_path / "index", CountingEmbedder(), progress=Bar)
    assert seen[0] == len(index.passages) == sum(seen[1:])


def test_rebuild_embeds_only_changed_passages(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(FIXTURES, articles)
    embedder = CountingEmbedder()
    first, _ = load_or_build(articles, tmp_path / "index", embedder)
    path = articles / "t-eggs.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n## 补充\n鸡蛋要煮熟。\n", encoding="utf-8"
    )
    before = embedder.passages_embedded
    second, rebuilt = load_or_build(articles, tmp_path / "index", embedder)
    assert rebuilt and len(second.passages) == len(first.passages) + 1
    assert embedder.passages_embedded - before == 1
