"""Article loading, passage splitting and the knowledge version hash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from preconsult.answers.articles import (
    ArticleError,
    knowledge_version,
    load_articles,
    parse_article,
    split_passages,
)

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def test_front_matter_and_sections_are_read() -> None:
    article = parse_article(FIXTURES / "t-eggs.md")
    assert article.id == "t-eggs"
    assert article.sources == ["《中国居民膳食指南（2022）》"]
    assert [h for h, _ in article.sections] == ["能不能吃", "怎么吃", "什么时候需要就医"]
    assert article.when_to_see_doctor.startswith("血压控制不好")


def test_each_section_becomes_a_passage_with_title_for_search() -> None:
    passages = split_passages(parse_article(FIXTURES / "t-hpv.md"))
    assert len(passages) == 3
    assert passages[0].search_text().startswith("HPV疫苗几岁打 什么年龄接种")


def test_an_article_without_sources_is_rejected_with_its_file_name(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\nid: bad\ntitle: 没有来源的文章\n---\n## 正文\n内容。\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="bad.md"):
        parse_article(bad)
    assert load_articles(tmp_path) == []


def test_version_changes_when_an_article_changes(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(FIXTURES, folder)
    before = knowledge_version(folder)
    assert knowledge_version(folder) == before
    path = folder / "t-eggs.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    assert knowledge_version(folder) != before
