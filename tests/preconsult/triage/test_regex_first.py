"""FIRST sets of regexes: each construct, and soundness against the ``re`` engine on every code point."""

from __future__ import annotations

import _sre
import re

import pytest

from preconsult.triage.regex_first import FirstIndex, first_set, may_match, text_keys

ICASE = re.IGNORECASE


def first(pattern: str, flags: int = ICASE) -> set[str] | None:
    found = first_set(re.compile(pattern, flags))
    return None if found is None else set(found)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("胸痛", {"胸"}),
        ("胸痛|心绞痛|喘不上气", {"胸", "心", "喘"}),  # alternation
        ("(?:突然)?胸痛", {"突", "胸"}),  # optional prefix
        ("(?:突然|忽然)*胸痛", {"突", "忽", "胸"}),
        ("(?:突然|)胸痛", {"突", "胸"}),  # an empty branch lets the next item start
        ("(胸|心)+口痛", {"胸", "心"}),
        ("(?<!不)胸痛", {"胸"}),  # lookbehind is zero width
        ("(?<=左)胸痛", {"胸"}),
        ("(?=胸)胸痛", {"胸"}),
        ("(?!胸闷)胸痛", {"胸"}),
        (r"^\b胸痛$", {"胸"}),
        ("[胸心]口痛", {"胸", "心"}),  # class
        ("[0-3]岁", {"0", "1", "2", "3"}),  # range
        ("[a-c]x", {"a", "b", "c"}),
        ("a{0}b", {"b"}),
        ("(?>胸|心)痛", {"胸", "心"}),  # atomic group
        ("胸*?痛", {"胸", "痛"}),  # lazy repeat
        ("(a)\\1", {"a"}),  # a back-reference after a consuming item is never first
        ("chest pain", {"c"}),  # ignorecase English: compared on lower case
        ("Chest pain", {"c"}),
        ("CHEST", {"c"}),
        ("Chest", {"c"}),
        ("Kidney", {"k"}),  # the Kelvin sign lowers to k
        ("stroke", {"s", "ſ"}),  # long s has the same upper case as s
        ("ſtroke", {"s", "ſ"}),
        ("itchy", {"i", "ı"}),  # dotless i too
        ("[A-C]x", {"a", "b", "c"}),
        ("(?-i:S)troke", {"s"}),  # a local flag switches ignorecase off: S, compared as s
        ("(?i:S)troke", {"s", "ſ"}),
    ],
)
def test_first_set_of_each_construct(pattern: str, expected: set[str]) -> None:
    assert first(pattern) == expected


def test_case_sensitive_patterns_compare_on_lower_case_without_case_partners() -> None:
    assert first("Stroke", 0) == {"s"}
    assert first("stroke", 0) == {"s"}
    assert first("(?i)stroke", 0) == {"s", "ſ"}


@pytest.mark.parametrize(
    "pattern",
    [
        ".痛",  # any character
        "[^不]痛",  # negated class
        r"\d岁",  # category
        r"\w痛",
        "[一-龥]痛",  # a large range
        "胸*",  # nullable
        "(胸痛)?",
        "(?=胸)",
        "胸|",
        "",
        "(a?)\\1b",  # back-reference that may come first
        "(a)?(?(1)b|c)",  # conditional group
    ],
)
def test_gives_up_when_unsure(pattern: str) -> None:
    assert first(pattern) is None


def test_locale_and_ascii_flags_give_up() -> None:
    assert first_set(re.compile("abc", re.ASCII | ICASE)) is None


# every code point but the surrogates, which a str may hold but text never does
ALL = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [(re.escape(ch), f) for ch in "aAiIkKsSzZ0ſKİıµμΣσςßẞǅÅ胸" for f in (0, ICASE)]
    + [
        (c, f)
        for c in ("[a-z]", "[A-Z]", "[α-ω]", "[Ａ-Ｚ]", "[0-9]", "[sk]", "[À-Þ]")
        for f in (0, ICASE)
    ],
)
def test_every_code_point_the_engine_matches_has_a_first_key(pattern: str, flags: int) -> None:
    """Soundness against ``re`` itself: no character the regex matches is skipped by the keys."""
    compiled = re.compile(pattern, flags)
    keys = first_set(compiled)
    assert keys is not None
    starts = [m.group() for m in compiled.finditer(ALL)]
    assert starts
    missed = [ch for ch in starts if not may_match(keys, text_keys(ch))]
    assert missed == []


def test_text_keys_are_the_engines_lower_case_of_each_character() -> None:
    lower = _sre.unicode_tolower
    for i in range(0, len(ALL), 97):
        chunk = ALL[i : i + 97]
        assert text_keys(chunk) == {chr(lower(ord(ch))) for ch in chunk}, chunk
    for text in ("ΟΔΟΣ", "σς Σ", "İstanbul", "胸口疼 CHEST", "胸口疼了两个小时"):
        assert text_keys(text) == {chr(lower(ord(ch))) for ch in text}


def test_first_index_keeps_unknown_entries_and_the_order() -> None:
    index = FirstIndex([frozenset("胸"), None, frozenset("心胸"), frozenset()])
    assert index.candidates(text_keys("胸口疼")) == [0, 1, 2]
    assert index.candidates(text_keys("肚子疼")) == [1]
    assert index.candidates(text_keys("肚子疼"), extra=[3]) == [1, 3]
