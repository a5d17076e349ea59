"""Hybrid retrieval over the fixture articles with the real offline e5 model."""

from __future__ import annotations

import pytest

from preconsult.answers.index import KnowledgeIndex
from preconsult.answers.retrieval import HybridRetriever, reciprocal_rank_fusion


def test_rrf_rewards_items_ranked_high_by_both_rankers() -> None:
    fused = reciprocal_rank_fusion([[1, 2, 3], [2, 3, 1]])
    assert max(fused, key=lambda k: fused[k]) == 2


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("高血压能吃鸡蛋吗", "t-eggs"),
        ("高血壓可以吃雞蛋嗎", "t-eggs"),  # traditional characters
        ("孩子发烧38度要不要去医院", "t-fever"),
        ("HPV疫苗几岁打", "t-hpv"),
        ("排毒茶有用吗", "t-detox"),
    ],
)
def test_top_article(index: KnowledgeIndex, embedder, question: str, expected: str) -> None:
    result = HybridRetriever(index, embedder).search(question)
    assert result.top is not None and result.top.article.id == expected
    assert result.confidence > 0.55


def test_language_filter_and_cross_language(index: KnowledgeIndex, embedder) -> None:
    retriever = HybridRetriever(index, embedder)
    english = retriever.search("my baby has a fever", languages={"en"})
    assert [a.article.id for a in english.articles] == ["t-fever-en"]
    any_language = retriever.search("HPV vaccine age")
    assert any_language.top is not None and any_language.top.article.id == "t-hpv"


def test_unrelated_question_has_low_confidence(index: KnowledgeIndex, embedder) -> None:
    assert HybridRetriever(index, embedder).search("明天去北京的火车几点").confidence < 0.5
