"""Babel extractor for Rasa domain files: response texts and button titles are zh-CN msgids."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import yaml

__all__ = ["extract_rasa_domain"]


def _find_line(lines: list[str], needle: str) -> int:
    for number, line in enumerate(lines, start=1):
        if needle in line:
            return number
    return 0


def extract_rasa_domain(
    fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    raw = fileobj.read().decode("utf-8")
    lines = raw.splitlines()
    data = yaml.safe_load(raw) or {}
    for name, variants in (data.get("responses") or {}).items():
        for variant in variants or []:
            texts = [variant.get("text")] + [b.get("title") for b in variant.get("buttons") or []]
            for text in texts:
                if isinstance(text, str) and text.strip():
                    yield _find_line(lines, text.splitlines()[0]), "", text, [f"response {name}"]
