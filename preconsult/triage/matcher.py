"""Leftmost-longest dictionary matching over normalised text (pure Python, no segmentation).

For every position the candidate lengths of words starting with that character are tried from the
longest down, so a scan costs a few dict look-ups per character. Latin words must sit on word
boundaries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Entry", "Match", "Matcher"]


@dataclass(frozen=True)
class Entry:
    """What a dictionary word stands for."""

    kind: str  # symptom | disease | keyword | neg | unc | guard
    ref: str  # symptom id, disease name, department code or cue
    priority: int = 0  # higher wins when two entries share a surface


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    surface: str
    entry: Entry  # the highest-priority entry
    others: tuple[Entry, ...] = ()  # further entries of other kinds for the same surface


def _is_latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "'-")


class Matcher:
    """A set of surface strings -> Entry, scanned leftmost-longest."""

    def __init__(self) -> None:
        self._words: dict[str, Entry] = {}
        self._others: dict[str, tuple[Entry, ...]] = {}
        self._lengths: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self._words)

    def add(self, surface: str, entry: Entry) -> None:
        word = surface.strip().lower()
        if not word:
            return
        old = self._words.get(word)
        if old is not None:
            if old.kind == entry.kind:
                if old.priority >= entry.priority:
                    return
            else:
                if old.priority >= entry.priority:
                    if all(o.kind != entry.kind for o in self._others.get(word, ())):
                        self._others[word] = (*self._others.get(word, ()), entry)
                    return
                if all(o.kind != old.kind for o in self._others.get(word, ())):
                    self._others[word] = (old, *self._others.get(word, ()))
        self._words[word] = entry
        lengths = self._lengths.setdefault(word[0], [])
        if len(word) not in lengths:
            lengths.append(len(word))
            lengths.sort(reverse=True)

    def get(self, surface: str) -> Entry | None:
        return self._words.get(surface.strip().lower())

    def scan(self, text: str) -> Iterator[Match]:
        """Non-overlapping matches, leftmost first, longest at each position."""
        i = 0
        n = len(text)
        words = self._words
        while i < n:
            lengths = self._lengths.get(text[i])
            found = None
            if lengths and not (i > 0 and _is_latin(text[i]) and _is_latin(text[i - 1])):
                for length in lengths:
                    if i + length > n:
                        continue
                    piece = text[i : i + length]
                    entry = words.get(piece)
                    if entry is None:
                        continue
                    end = i + length
                    if _is_latin(piece[-1]) and end < n and _is_latin(text[end]):
                        continue
                    found = Match(i, end, piece, entry, self._others.get(piece, ()))
                    break
            if found is not None:
                yield found
                i = found.end
            else:
                i += 1
