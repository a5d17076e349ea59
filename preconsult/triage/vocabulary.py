"""The medical vocabulary of the knowledge files as a jieba user dictionary (`word freq tag`)."""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.loader import KNOWLEDGE_DIR, load_knowledge

__all__ = ["jieba_lines"]

_CJK = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def jieba_lines(include_derived: bool = True, root: Path = KNOWLEDGE_DIR) -> list[str]:
    """Sorted unique lines: symptoms (tag ``sym``), diseases (``dis``), departments (``dep``)."""
    k = load_knowledge(root)
    words: dict[str, tuple[int, str]] = {}

    def put(word: str, freq: int, tag: str) -> None:
        word = word.strip()
        if _CJK.match(word) and word not in words:
            words[word] = (freq, tag)

    for s in k.symptoms:
        for w in [s.name.zh_CN, s.name.zh_TW, *s.synonyms]:
            put(w, 2000, "sym")
    for d in k.diseases:
        for w in [d.name, *d.aliases]:
            put(w, 1500, "dis")
    for dept in k.departments.values():
        for w in [dept.name.zh_CN, dept.name.zh_TW]:
            put(w, 1500, "dep")
    if include_derived:
        for d in k.disease_table:
            put(d.name, 500, "dis")
    return [f"{w} {f} {t}" for w, (f, t) in sorted(words.items())]
