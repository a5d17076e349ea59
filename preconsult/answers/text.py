"""Text utilities of the answer core: normalisation, script conversion, tokens and sentences.

Traditional Chinese is folded to Simplified before matching (the articles are written in
Simplified first) and answers for zh-TW are converted back with OpenCC (Taiwan phrasing).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = [
    "content_tokens",
    "has_cjk",
    "normalize_question",
    "split_sentences",
    "to_simplified",
    "to_traditional",
    "tokenize",
]

_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s?？!！。.,，~～…]+$")
_SENTENCE = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s+")
_WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
_lock = threading.Lock()

# Function words that carry no topic; dropped before BM25 scoring and overlap checks.
STOPWORDS = frozenset(
    """
    的 了 吗 嘛 呢 吧 啊 呀 是 我 你 他 她 它 我们 有 在 和 与 及 或 都 也 就 还 要 会 能 可以
    可 怎么 怎样 怎么办 如何 什么 为什么 哪些 哪个 多少 几 一下 一些 这 那 这个 那个 请问 请 问 想 没有
    不 没 很 太 比较 需要 应该 该 吃 做 时 时候 后 前 中 上 下 个 种 对 把 被 让 给 从 到 又
    a an the is are am was be been of to in on for and or with
    can could should do does i my me you your what how when why
    which who it its this that at by as if not no
    """.split()  # noqa: SIM905
)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc  # local: loading the dictionaries takes ~0.1 s

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → Simplified (no-op on text without CJK characters)."""
    if not has_cjk(text):
        return text
    with _lock:
        return str(_converter("t2s").convert(text))


def to_traditional(text: str) -> str:
    """Simplified → Traditional with Taiwan phrasing (软件 → 軟體)."""
    if not has_cjk(text):
        return text
    with _lock:
        return str(_converter("s2twp").convert(text))


def normalize_question(question: str) -> str:
    """Canonical form of a question: NFKC, Simplified, lower case, single spaces, no end marks."""
    text = unicodedata.normalize("NFKC", question)
    text = _SPACES.sub(" ", text).strip().lower()
    text = _TRAILING.sub("", text)
    return to_simplified(text)


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def tokenize(text: str) -> list[str]:
    """Search tokens for BM25: jieba words (search mode) of the Simplified, lower-cased text."""
    norm = to_simplified(unicodedata.normalize("NFKC", text).lower())
    with _lock:
        words = list(_jieba().cut_for_search(norm))
    return [w for w in (w.strip() for w in words) if w and _WORD.search(w) and w not in STOPWORDS]


def content_tokens(text: str) -> set[str]:
    """Distinct topic-bearing tokens of ``text`` (for overlap and coverage measures)."""
    return set(tokenize(text))


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping the end punctuation."""
    parts = (p.strip() for p in _SENTENCE.split(text))
    return [p for p in parts if p]
