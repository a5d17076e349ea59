"""Which characters a regex match can start with (its FIRST set), to skip regexes that cannot match.

``first_set(pattern)`` walks the parsed regex (``re._parser``) and returns the set of *keys* a match
can start with, or ``None`` ("give up": always run the regex). ``text_keys(text)`` gives the keys of
one message; a regex whose FIRST set is disjoint from them cannot match anywhere in that message, so
``may_match`` lets the caller skip it without changing any result. ``FirstIndex`` answers the same
question for a whole list of regexes (or of rules, with the union of their regexes' sets) at once.

A key is a character's simple lower case, ``chr(_sre.unicode_tolower(ord(ch)))``: the very function
the ``re`` engine folds with. Why skipping is sound:

* Every match that consumes at least one character starts with a character ``t`` of the text. The
  walk collects, for the leading items of the pattern up to the first one that must consume, every
  character that item can consume first: a literal, each member of a character class, each branch
  of an alternation, the body of a repeat (a repeat with ``min == 0``, and any group that can match
  empty, lets the next item be first too). Zero-width items (``^``, ``$``, ``\\b``, look-ahead and
  look-behind) consume nothing and are passed over: they only restrict where a match may start.
* A literal ``c`` matches ``t`` case-sensitively only when ``t == c``, hence ``key(t) == key(c)``.
  Under ``IGNORECASE`` the engine (``re._compiler``) compares ``tolower(t)`` with ``tolower(c)``
  and, for the few lower-case letters that share an upper case with another one
  (``re._casefix._EXTRA_CASES``: 's'/'ſ', 'i'/'ı', 'µ'/'μ', ...), with those too; the key set of
  ``c`` holds all of them. The Kelvin sign K folds to 'k' and 'İ' to 'i' by ``tolower`` itself.
  A class range is expanded to its members (only small ranges) and each member treated the same.
  tests/preconsult/triage/test_regex_first.py checks this against the ``re`` engine for every
  code point.
* Whatever the walk does not understand gives up: ``.``, a negated literal or class, a class
  category (``\\d``, ``\\w``), a back-reference, a conditional group, a large range, ``LOCALE`` or
  ``ASCII`` flags, and a pattern that can match the empty string (it matches in every text).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
from collections.abc import Iterable, Sequence
from re import _casefix, _parser  # type: ignore[attr-defined]
from re._constants import (  # type: ignore[import-not-found]
    ASSERT,
    ASSERT_NOT,
    AT,
    ATOMIC_GROUP,
    BRANCH,
    IN,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    POSSESSIVE_REPEAT,
    RANGE,
    SUBPATTERN,
)
from typing import Any

__all__ = ["FirstIndex", "first_set", "may_match", "text_keys"]

_MAX_RANGE = 128  # larger class ranges (a CJK block) give up
_EXTRA_CASES: dict[int, tuple[int, ...]] = _casefix._EXTRA_CASES
_REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)


class _GiveUp(Exception):
    pass


def _keys_of(code: int, ignorecase: bool) -> set[str]:
    """Keys of every character the literal ``code`` matches."""
    low = _sre.unicode_tolower(code)
    if not ignorecase or not _sre.unicode_iscased(code):
        return {chr(low)}
    return {chr(low), *map(chr, _EXTRA_CASES.get(low, ()))}


def _class_keys(items: Any, ignorecase: bool) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        if op is LITERAL:
            out |= _keys_of(av, ignorecase)
        elif op is RANGE:
            lo, hi = av
            if hi - lo >= _MAX_RANGE:
                raise _GiveUp
            for code in range(lo, hi + 1):
                out |= _keys_of(code, ignorecase)
        else:  # NEGATE, CATEGORY
            raise _GiveUp
    return out


def _sequence(items: Any, flags: int) -> tuple[set[str], bool]:
    """(keys a match of this sequence can start with, whether it can match empty)."""
    first: set[str] = set()
    for op, av in items:
        keys, nullable = _item(op, av, flags)
        first |= keys
        if not nullable:
            return first, False
    return first, True


def _item(op: Any, av: Any, flags: int) -> tuple[set[str], bool]:
    ignorecase = bool(flags & re.IGNORECASE)
    if op is LITERAL:
        return _keys_of(av, ignorecase), False
    if op is IN:
        return _class_keys(av, ignorecase), False
    if op is AT or op is ASSERT or op is ASSERT_NOT:
        return set(), True  # zero width
    if op is BRANCH:
        first: set[str] = set()
        nullable = False
        for branch in av[1]:
            keys, empty = _sequence(branch, flags)
            first |= keys
            nullable = nullable or empty
        return first, nullable
    if op is SUBPATTERN:
        _, add, delete, sub = av
        local = (flags | add) & ~delete
        if local & (re.LOCALE | re.ASCII):
            raise _GiveUp
        return _sequence(sub, local)
    if op is ATOMIC_GROUP:
        return _sequence(av, flags)
    if op in _REPEATS:
        low, high, sub = av
        if high == 0:
            return set(), True
        keys, empty = _sequence(sub, flags)
        return keys, empty or low == 0
    raise _GiveUp  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, anything new


def first_set(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Keys a match of ``pattern`` can start with; ``None`` when unknown (always run the regex)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.LOCALE | re.ASCII):
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        first, nullable = _sequence(parsed, parsed.state.flags)
    except _GiveUp:
        return None
    return None if nullable or not first else frozenset(first)


def text_keys(text: str) -> frozenset[str]:
    """Keys of the characters of ``text`` (compute once per message)."""
    chars = set(text)
    joined = "".join(chars)
    if joined.lower() == joined:  # each character is its own lower case: the usual message
        return frozenset(chars)
    lower = _sre.unicode_tolower
    return frozenset([chr(lower(ord(ch))) for ch in chars])


def may_match(first: frozenset[str] | None, keys: frozenset[str]) -> bool:
    """False only when the regex with this FIRST set cannot match a text with these keys."""
    return first is None or not first.isdisjoint(keys)


class FirstIndex:
    """Positions of the entries (regexes, or rules with the union of their regexes' FIRST sets)
    that may match a text: an inverted index key -> positions; ``None`` entries are always kept."""

    def __init__(self, firsts: Sequence[frozenset[str] | None]) -> None:
        self._always = frozenset(i for i, first in enumerate(firsts) if first is None)
        by_key: dict[str, list[int]] = {}
        for i, first in enumerate(firsts):
            for key in first or ():
                by_key.setdefault(key, []).append(i)
        self._by_key = {key: tuple(positions) for key, positions in by_key.items()}
        self._keys = frozenset(by_key)

    def candidates(self, keys: frozenset[str], extra: Iterable[int] = ()) -> list[int]:
        """Ascending positions that may match a text with these keys, plus ``extra``."""
        out = set(self._always)
        out.update(extra)
        for key in keys & self._keys:
            out.update(self._by_key[key])
        return sorted(out)
