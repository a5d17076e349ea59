"""Extractive answers: the best sentences of the best passages, with numbered citations.

Deterministic by construction (same retrieval → same text), so it is both the embedded default
and the fallback whenever an LLM answer fails a guardrail. Every answer ends with a short
"when to see a doctor" line taken from the cited article (or a generic one).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from preconsult.answers.articles import Article, Passage
from preconsult.answers.models import Citation
from preconsult.answers.retrieval import ArticleHit, Retrieval
from preconsult.answers.text import content_tokens, split_sentences, to_traditional
from preconsult.i18n import N_, gettext

__all__ = ["Composed", "compose_extractive", "localize_title", "sentences_of"]

SEE_DOCTOR_LABEL = N_("何时就医：")
GENERIC_SEE_DOCTOR = N_(
    "如果症状持续不缓解、加重，或者您拿不准，请及时到医院就诊；遇到紧急情况请立即拨打120。"
)
CHINESE_ONLY = N_("（以下内容摘自我们的中文健康科普资料）")

_BUDGET = {"web": 260, "kiosk": 140}
_MAX_SENTENCES = {"web": 6, "kiosk": 2}
_SEE_BUDGET = 120


@dataclass(frozen=True)
class Composed:
    """A composed answer and the passages it quotes (the evidence for output checks)."""

    text: str
    citations: list[Citation]
    passages: list[Passage] = field(default_factory=list)


def localize_title(article: Article, locale: str) -> str:
    if locale == "zh-TW" and article.language != "en":
        return to_traditional(article.title)
    return article.title


def _localize(text: str, article: Article, locale: str) -> str:
    return to_traditional(text) if locale == "zh-TW" and article.language != "en" else text


def sentences_of(text: str) -> list[str]:
    """Sentences of a passage; list items without end punctuation count as sentences."""
    out: list[str] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        for sentence in split_sentences(line):
            if not re.search(r"[。！？!?.；;：:]$", sentence):
                sentence += (
                    "."
                    if re.search(r"[A-Za-z0-9)]$", sentence)
                    and not re.search(r"[\u3400-\u9fff]", sentence)
                    else "。"
                )
            out.append(sentence)
    return out


def _pick(
    query_tokens: set[str], hits: list[ArticleHit], budget: int, limit: int
) -> list[tuple[int, int, str]]:
    """(passage rank, sentence index, sentence) chosen from the top article's best passages."""
    scored: list[tuple[float, int, int, str]] = []
    top = hits[0]
    candidates = [h for h in top.passages if not top.article.is_when_to_see(h.passage.heading)]
    for p_rank, hit in enumerate((candidates or top.passages)[:2]):
        for s_idx, sentence in enumerate(sentences_of(hit.passage.text)):
            tokens = content_tokens(sentence)
            overlap = len(tokens & query_tokens) / math.sqrt(len(tokens) + 1)
            score = overlap + (0.6 if s_idx == 0 else 0.0) - 0.4 * p_rank - 0.05 * s_idx
            scored.append((score, p_rank, s_idx, sentence))
    chosen: list[tuple[int, int, str]] = []
    used = 0
    for _score, p_rank, s_idx, sentence in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if chosen and used + len(sentence) > budget:
            continue
        chosen.append((p_rank, s_idx, sentence))
        used += len(sentence)
        if used >= budget * 0.8 or len(chosen) >= limit:
            break
    return sorted(chosen)


def _see_doctor(article: Article, locale: str) -> str:
    sentences = sentences_of(article.when_to_see_doctor)
    picked: list[str] = []
    for sentence in sentences:
        if picked and len("".join(picked)) + len(sentence) > _SEE_BUDGET:
            break
        picked.append(sentence)
    text = "".join(picked) if article.language != "en" else " ".join(picked)
    text = re.sub(r"[；;]$", "。" if article.language != "en" else ".", text)
    return _localize(text, article, locale)


def compose_extractive(
    retrieval: Retrieval, locale: str = "zh-CN", channel: str = "web", *, lead: str = ""
) -> Composed:
    """Compose the answer from ``retrieval`` (which must have at least one article)."""
    if not retrieval.articles:
        raise ValueError("nothing retrieved: the caller must refuse instead of composing")
    hits = retrieval.articles
    top = hits[0]
    query_tokens = content_tokens(retrieval.query)
    budget = _BUDGET.get(channel, _BUDGET["web"])
    joiner = " " if top.article.language == "en" else ""
    citations = [Citation(id=top.article.id, title=localize_title(top.article, locale))]
    used = [h.passage for h in top.passages[:2]]
    body = joiner.join(
        s for _p, _s, s in _pick(query_tokens, hits, budget, _MAX_SENTENCES.get(channel, 6))
    )
    parts = [_localize(body, top.article, locale) + "[1]"]
    text = (" " if locale == "en" else "").join(parts)
    if locale == "en" and top.article.language != "en":
        text = gettext(locale, CHINESE_ONLY) + "\n" + text
    if lead:
        text = lead + "\n" + text
    see = _see_doctor(top.article, locale)
    label = gettext(locale, SEE_DOCTOR_LABEL)
    see_line = f"{label}{see}[1]" if see else label + gettext(locale, GENERIC_SEE_DOCTOR)
    return Composed(text=f"{text}\n{see_line}", citations=citations, passages=used)
