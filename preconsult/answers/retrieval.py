"""Hybrid retrieval: langchain BM25 over jieba tokens + dense e5 vectors, fused by RRF.

BM25 catches exact terms (drug and disease names); the dense retriever catches paraphrases and
cross-language questions. Both rank passages; reciprocal rank fusion merges the two rankings and
articles are ranked by their best passage. ``confidence`` (0..1) estimates whether the top
article really answers the question; the router compares it with a calibrated threshold.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from preconsult.answers.articles import Article, Passage
from preconsult.answers.embedder import Embedder
from preconsult.answers.index import KnowledgeIndex
from preconsult.answers.text import content_tokens, has_cjk, to_simplified, tokenize

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from langchain_community.retrievers import BM25Retriever

__all__ = [
    "ArticleHit",
    "DenseRetriever",
    "HybridRetriever",
    "PassageHit",
    "Retrieval",
    "reciprocal_rank_fusion",
]

RRF_C = 60
_CANDIDATES = 40


@dataclass(frozen=True)
class PassageHit:
    passage: Passage
    score: float  # fused RRF score
    dense: float  # cosine similarity with the question
    lexical: float  # BM25 score


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    score: float
    passages: list[PassageHit]  # best first

    @property
    def dense(self) -> float:
        return max(p.dense for p in self.passages)


@dataclass(frozen=True)
class Retrieval:
    """Ranked articles for one question with the evidence behind the ranking."""

    query: str
    articles: list[ArticleHit] = field(default_factory=list)
    confidence: float = 0.0
    coverage: float = 0.0

    @property
    def top(self) -> ArticleHit | None:
        return self.articles[0] if self.articles else None


def reciprocal_rank_fusion(
    rankings: list[list[int]], weights: list[float] | None = None, c: int = RRF_C
) -> dict[int, float]:
    """RRF: each ranking gives ``weight / (c + rank)`` to the items it lists (rank from 1)."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (c + rank)
    return fused


class DenseRetriever(BaseRetriever):
    """A langchain retriever over the index's passage embeddings."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any
    embedder: Any
    k: int = 8

    def scores(self, query: str) -> np.ndarray:
        if not len(self.index.passages):
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self.index.embeddings @ self.embedder.embed_query(query))

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        scores = self.scores(query)
        order = np.argsort(-scores, kind="stable")[: self.k]
        return [_document(self.index.passages[i], i, float(scores[i])) for i in order]


def _document(passage: Passage, position: int, score: float) -> Document:
    return Document(
        page_content=passage.search_text(),
        metadata={"position": position, "article_id": passage.article_id, "score": score},
    )


class HybridRetriever:
    """BM25 + dense retrieval over one KnowledgeIndex."""

    def __init__(self, index: KnowledgeIndex, embedder: Embedder) -> None:
        self.index = index
        self.dense = DenseRetriever(index=index, embedder=embedder)
        docs = [_document(p, i, 0.0) for i, p in enumerate(index.passages)]
        self.bm25: BM25Retriever | None = (
            BM25Retriever.from_documents(docs, preprocess_func=tokenize, k=8) if docs else None
        )
        self._article_tokens = {
            a.id: content_tokens(f"{a.title} {' '.join(a.topics)} {a.body}")
            for a in index.articles.values()
        }
        self._languages = np.array([p.language for p in index.passages])
        df: dict[str, int] = {}
        for tokens in self._article_tokens.values():
            for token in tokens:
                df[token] = df.get(token, 0) + 1
        n = len(self._article_tokens)
        self._idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self._idf_unseen = math.log((n + 1) / 0.5)

    def _bm25_scores(self, query: str) -> np.ndarray:
        if self.bm25 is None:
            return np.zeros(0)
        tokens = tokenize(query)
        if not tokens:
            return np.zeros(len(self.index.passages))
        return np.asarray(self.bm25.vectorizer.get_scores(tokens), dtype=np.float64)

    def search(self, query: str, k: int = 3, languages: set[str] | None = None) -> Retrieval:
        """Top ``k`` articles for ``query``; ``languages`` restricts the articles considered."""
        query = to_simplified(query)
        passages = self.index.passages
        if not passages:
            return Retrieval(query=query)
        allowed = (
            np.ones(len(passages), dtype=bool)
            if languages is None
            else np.isin(self._languages, sorted(languages))
        )
        if not allowed.any():
            return Retrieval(query=query)
        dense = self.dense.scores(query)
        lexical = self._bm25_scores(query)
        rankings = []
        for scores in (lexical, dense):
            masked = np.where(allowed, scores, -np.inf)
            order = [int(i) for i in np.argsort(-masked, kind="stable")[:_CANDIDATES]]
            rankings.append([i for i in order if allowed[i] and (scores is dense or scores[i] > 0)])
        fused = reciprocal_rank_fusion(rankings)
        by_article: dict[str, list[PassageHit]] = {}
        for pos, score in sorted(fused.items(), key=lambda kv: (-kv[1], kv[0])):
            hit = PassageHit(passages[pos], score, float(dense[pos]), float(lexical[pos]))
            by_article.setdefault(passages[pos].article_id, []).append(hit)
        ranked = sorted(
            (
                ArticleHit(
                    self.index.articles[aid],
                    hits[0].score + 0.25 * sum(h.score for h in hits[1:3]),
                    hits,
                )
                for aid, hits in by_article.items()
            ),
            key=lambda a: (-a.score, a.article.id),
        )[:k]
        coverage = self._coverage(query, ranked[0].article.id) if ranked else 0.0
        confidence = _confidence(ranked[0].dense, coverage) if ranked else 0.0
        if ranked and has_cjk(query) != (ranked[0].article.language != "en"):
            # across languages words cannot overlap: judge by meaning alone, a little stricter
            confidence = round(_confidence(ranked[0].dense, 0.0) / 0.6 - 0.05, 4)
        return Retrieval(query=query, articles=ranked, confidence=confidence, coverage=coverage)

    def _coverage(self, query: str, article_id: str) -> float:
        """IDF-weighted share of the question's tokens that occur in the article.

        Rare words carry the topic ("支架", "狐臭"); a question whose rare words are absent
        from the best article is probably not answered by it.
        """
        tokens = content_tokens(query)
        if not tokens:
            return 0.0
        found = self._article_tokens.get(article_id, set())
        weights = {t: self._idf.get(t, self._idf_unseen) for t in tokens}
        return sum(w for t, w in weights.items() if t in found) / sum(weights.values())


def _confidence(dense: float, coverage: float) -> float:
    """Blend of semantic similarity (e5 cosines live in ~0.7..0.95) and term coverage."""
    semantic = min(max((dense - 0.70) / 0.25, 0.0), 1.0)
    return round(0.6 * semantic + 0.4 * coverage, 4)
