"""Health-education articles: schema, loader and passage splitting.

An article is ``knowledge/articles/<id>.md``: YAML front matter (id, title, language, topics,
audience, sources, reviewed, related_departments) and a Markdown body whose ``## `` sections
become the passages we retrieve and quote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "Article",
    "ArticleError",
    "Passage",
    "knowledge_version",
    "load_articles",
    "parse_article",
    "split_passages",
]

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n?(.*)\Z", re.S)
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)
# Section headings that hold the "when to see a doctor" advice of an article.
_WHEN_TO_SEE = re.compile(
    r"就医|看医生|就診|就醫|看醫生|急诊|急診|when to (see|get|seek)|seek (medical )?help|doctor",
    re.I,
)
_MAX_PASSAGE = 420


class ArticleError(ValueError):
    """An article file that does not follow the format; the message names the file."""


class Article(BaseModel):
    """Front matter and body of one article."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: str = Field(min_length=2)
    language: str = "zh-CN"
    topics: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
    reviewed: dt.date | None = None
    related_departments: list[str] = Field(default_factory=list)
    body: str = ""
    path: str = ""

    @field_validator("topics", "audience", "related_departments", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str | int | float):
            return [str(value)]
        return [str(v) for v in value]

    @field_validator("sources", mode="before")
    @classmethod
    def _source_names(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [value]
        names: list[str] = []
        for item in value or []:
            if isinstance(item, dict):
                name = item.get("name") or item.get("title") or ""
                extra = item.get("year") or item.get("publisher")
                names.append(f"{name} ({extra})" if name and extra else str(name))
            else:
                names.append(str(item))
        return [n for n in names if n]

    @field_validator("title", mode="before")
    @classmethod
    def _title_text(cls, value: Any) -> Any:
        if isinstance(value, dict):  # {zh-CN: ..., en: ...}: keep the source-language title
            return value.get("zh-CN") or next(iter(value.values()), "")
        return value

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: Any) -> Any:
        text = str(value or "zh-CN").strip()
        lowered = text.lower().replace("_", "-")
        if lowered.startswith("en"):
            return "en"
        if lowered in {"zh-tw", "zh-hant", "zh-hk"}:
            return "zh-TW"
        return "zh-CN"

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) pairs; text before the first ``## `` has heading ''."""
        return _sections(self.body)

    @property
    def when_to_see_doctor(self) -> str:
        """Body of the article's "when to see a doctor" section ('' when it has none)."""
        for heading, text in self.sections:
            if heading and _WHEN_TO_SEE.search(heading):
                return _plain(text)
        return ""

    def is_when_to_see(self, heading: str) -> bool:
        """Whether a section heading is the "when to see a doctor" section."""
        return bool(heading and _WHEN_TO_SEE.search(heading))


class Passage(BaseModel):
    """A retrievable piece of an article: one section, or part of a long one."""

    id: str
    article_id: str
    title: str
    heading: str
    text: str
    language: str

    def search_text(self) -> str:
        """What BM25 and the embedder see: title, heading, then the text."""
        return " ".join(p for p in (self.title, self.heading, self.text) if p)


def _sections(body: str) -> list[tuple[str, str]]:
    sections: list[tuple[str, str]] = []
    matches = list(_HEADING.finditer(body))
    intro = body[: matches[0].start()] if matches else body
    intro = re.sub(r"^#\s+.*$", "", intro, flags=re.M).strip()
    if intro:
        sections.append(("", intro))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        text = body[match.end() : end].strip()
        if text:
            sections.append((match.group(1).strip(), text))
    return sections


def _plain(markdown: str) -> str:
    text = re.sub(r"^#{3,6}\s+", "", markdown, flags=re.M)
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", text, flags=re.M)
    text = re.sub(r"\*\*|__|`", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return text.strip()


def _chunks(text: str) -> Iterable[str]:
    """Paragraph-aligned chunks of at most about _MAX_PASSAGE characters."""
    current = ""
    for para in (p.strip() for p in re.split(r"\n\s*\n|\n(?=[-*+] |\d+[.)] )", text)):
        if not para:
            continue
        if current and len(current) + len(para) > _MAX_PASSAGE:
            yield current
            current = para
        else:
            current = f"{current}\n{para}" if current else para
    if current:
        yield current


def split_passages(article: Article) -> list[Passage]:
    """The passages of one article, in reading order."""
    passages: list[Passage] = []
    for heading, text in article.sections:
        for chunk in _chunks(text):
            passages.append(
                Passage(
                    id=f"{article.id}#{len(passages)}",
                    article_id=article.id,
                    title=article.title,
                    heading=heading,
                    text=_plain(chunk),
                    language=article.language,
                )
            )
    return passages


def parse_article(path: Path) -> Article:
    """Read and validate one article file."""
    raw = path.read_text(encoding="utf-8")
    match = _FRONT.match(raw)
    if not match:
        raise ArticleError(f"{path}: missing YAML front matter between '---' lines")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ArticleError(f"{path}: invalid front matter: {exc}") from exc
    if not isinstance(meta, dict):
        raise ArticleError(f"{path}: front matter must be a mapping")
    try:
        return Article(**{**meta, "body": match.group(2), "path": str(path)})
    except ValueError as exc:
        raise ArticleError(f"{path}: {exc}") from exc


def _article_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.name.lower() != "readme.md")


def load_articles(folder: Path, *, strict: bool = False) -> list[Article]:
    """All valid articles under ``folder`` sorted by id; invalid ones raise when ``strict``."""
    articles: dict[str, Article] = {}
    for path in _article_files(folder):
        try:
            article = parse_article(path)
        except ArticleError:
            if strict:
                raise
            continue
        if article.id in articles:
            if strict:
                raise ArticleError(f"{path}: duplicate article id {article.id!r}")
            continue
        articles[article.id] = article
    return [articles[k] for k in sorted(articles)]


def knowledge_version(folder: Path, salt: str = "") -> str:
    """Hash of every article file (name and bytes): changes whenever the knowledge changes."""
    digest = hashlib.sha256(salt.encode())
    for path in _article_files(folder):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]
