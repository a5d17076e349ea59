"""Find symptoms, diseases and department keywords in text, each with negation and uncertainty.

A negation or uncertainty cue ("没有", "不", "好像", "denies", "maybe") applies to the first mention
shortly after it in the same clause and to mentions listed right after that one ("没有发烧、咳嗽");
clauses end at punctuation and contrast words, so "不发烧但是咳嗽" negates only 发烧.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from preconsult.triage.compose import Composer
from preconsult.triage.lexicon import (
    LIST_GAP_RE,
    OPERATION_HISTORY_RE,
    POST_HISTORY_RE,
    POST_NEGATION_RE,
)
from preconsult.triage.matcher import Match, Matcher
from preconsult.triage.text import clause_spans

__all__ = ["Found", "find_mentions", "history_spans", "live_spans", "negated_at", "past_at"]

_CUE_GAP_ZH = 6
_CUE_GAP_EN = 24
_MENTION_KINDS = {"symptom", "disease", "keyword"}
# a time or sequence word between a cue and a mention starts a new statement
_NEW_PREDICATE = re.compile(
    r"现在|目前|今天|昨天|最近|刚才|后来|然后|之后|以后|结果|反而|now|then|today"
)
# a time anchor after a past cue starts the present again ("去年中风现在又说不出话",
# "had a stroke last year and now suddenly can't move his arm")
_PAST_ENDS = re.compile(
    _NEW_PREDICATE.pattern + r"|突然|忽然|刚刚|这次|这两天|suddenly|this morning|tonight|again"
)


@dataclass(frozen=True)
class Found:
    """One occurrence of a dictionary entry in the text."""

    kind: str
    ref: str
    surface: str
    start: int
    end: int
    negated: bool
    uncertain: bool
    past: bool = False  # told as history ("以前...")


def _close_after_cue(text: str, cue_end: int, start: int) -> bool:
    gap = text[cue_end:start]
    if _NEW_PREDICATE.search(gap):  # "不喝酒现在心口痛": the cue negated 喝酒, not what comes now
        return False
    limit = _CUE_GAP_EN if gap.isascii() else _CUE_GAP_ZH
    return len(gap) <= limit and not re.search(r"[有是]\s*$", gap) or gap.strip() == ""


def _scope(text: str, cue_end: int | None, last_end: int | None, start: int) -> bool:
    if last_end is not None and LIST_GAP_RE.match(text[last_end:start]):
        return True
    return cue_end is not None and _close_after_cue(text, cue_end, start)


def _extra_matches(
    text: str, matches: list[Match], matcher: Matcher, composer: Composer | None
) -> list[Match]:
    """Symptoms/diseases nested in longer matches ("化疗后发烧" -> 发烧) and composed body-part phrases."""
    extra: list[Match] = []
    seen = {(m.start, m.end, m.entry.ref) for m in matches}
    for m in matches:
        # English phrases are matched whole ("can't fall asleep" holds no fall)
        if m.entry.kind in _MENTION_KINDS and m.end - m.start > 2 and not m.surface.isascii():
            for offset, piece in (
                (m.start + 1, text[m.start + 1 : m.end]),
                (m.start, text[m.start : m.end - 1]),
            ):
                for inner in matcher.scan(piece):
                    if (
                        # a disease only as the head of a longer word: "癫痫病" -> 癫痫, not "肾囊肿" -> 囊肿
                        (
                            inner.entry.kind == "symptom"
                            or (inner.entry.kind == "disease" and inner.start + offset == m.start)
                        )
                        and inner.entry.ref != m.entry.ref
                    ):
                        extra.append(
                            Match(
                                inner.start + offset, inner.end + offset, inner.surface, inner.entry
                            )
                        )
    if composer is not None:
        # a symptom already found is not composed again, unless it was found only in a word that
        # also names a disease ("关节炎"): its own words ("手腕手指肿") then route as the symptom
        named = {(m.start, m.end) for m in matches if m.entry.kind == "disease"} | {
            (m.start, m.end) for m in matches if any(o.kind == "disease" for o in m.others)
        }
        covered = {
            m.entry.ref
            for m in matches
            if m.entry.kind == "symptom" and (m.start, m.end) not in named
        }
        composed = composer.find(text)
        for i, c in enumerate(composed):
            if c.entry.kind == "symptom" and c.entry.ref not in covered:
                if i > 0 and composed[i - 1].entry.kind == "neg" and composed[i - 1].end == c.start:
                    extra.append(composed[i - 1])
                extra.append(c)
    unique: dict[tuple[int, int, str], Match] = {}
    for m in extra:
        key = (m.start, m.end, m.entry.ref)
        if key not in seen:
            unique.setdefault(key, m)
    return list(unique.values())


def history_spans(text: str, matches: list[Match]) -> list[tuple[int, int]]:
    """Spans of mentions told as history by what follows them ("抽搐病史", "过敏性休克史") and
    operations told as done before ("06年做过包皮手术": the organ operated on is history)."""
    return [
        (m.start, m.end)
        for m in matches
        if m.entry.kind in _MENTION_KINDS and POST_HISTORY_RE.match(text, m.end)
    ] + [m.span() for m in OPERATION_HISTORY_RE.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def find_mentions(
    text: str, matcher: Matcher, composer: Composer | None = None
) -> tuple[list[Found], list[Match]]:
    """All mentions in ``text`` (normalised) plus the raw matches (cues included)."""
    matches = list(matcher.scan(text))
    added = _extra_matches(text, matches, matcher, composer)
    if added:
        matches = sorted(matches + added, key=lambda m: (m.start, -(m.end - m.start)))
    found: list[Found] = []
    history = history_spans(text, matches)
    spans = clause_spans(text)
    index = 0
    for clause_start, clause_end in spans:
        neg_cue: int | None = None
        neg_last: int | None = None
        unc_cue: int | None = None
        unc_last: int | None = None
        past = False
        past_end = clause_start
        while index < len(matches) and matches[index].start < clause_start:
            index += 1
        while index < len(matches) and matches[index].start < clause_end:
            m = matches[index]
            index += 1
            kind = m.entry.kind
            if kind == "neg":
                neg_cue, neg_last = m.end, None
                continue
            if kind == "unc":
                unc_cue, unc_last = m.end, None
                continue
            if kind == "past":
                past, past_end = True, m.end
                continue
            if kind not in _MENTION_KINDS:
                continue
            negated = _scope(text, neg_cue, neg_last, m.start)
            if negated:
                neg_last = m.end
            else:
                neg_cue = neg_last = None
            uncertain = _scope(text, unc_cue, unc_last, m.start)
            if uncertain:
                unc_last = m.end
            else:
                unc_cue = unc_last = None
            if not negated and POST_NEGATION_RE.match(text[m.end : clause_end]):
                negated = True
            if past and _PAST_ENDS.search(text, past_end, m.start):
                past = False
            told_past = past or _inside(history, m.start, m.end)
            for entry in (m.entry, *m.others):
                if entry.kind in _MENTION_KINDS:
                    # department keywords name a field, not a finding: negation does not remove them
                    neg = negated and entry.kind != "keyword"
                    found.append(
                        Found(
                            entry.kind,
                            entry.ref,
                            m.surface,
                            m.start,
                            m.end,
                            neg,
                            uncertain,
                            told_past,
                        )
                    )
    return found, matches


def past_at(text: str, matches: list[Match], start: int, end: int | None = None) -> bool:
    """Whether a past-time cue ("以前", "去年" ...) precedes ``start`` in its clause, or the text
    ``start:end`` is told as history ("抽搐病史")."""
    if end is not None and (
        POST_HISTORY_RE.match(text, end) or _inside(history_spans(text, matches), start, end)
    ):
        return True
    clause_start = next((s for s, e in clause_spans(text) if s <= start < e), 0)
    return any(
        m.entry.kind == "past"
        and clause_start <= m.start
        and m.end <= start
        and not _PAST_ENDS.search(text, m.end, start)
        for m in matches
    )


def live_spans(
    patterns: Iterable[re.Pattern[str]], text: str, matches: list[Match], *, first: bool = False
) -> list[tuple[int, int]]:
    """Spans where the regexes match outside a negation or a past-time clause (red-flag and
    syndrome patterns); ``first``: stop at the first one."""
    out: list[tuple[int, int]] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if not negated_at(text, matches, m.start()) and not past_at(
                text, matches, m.start(), m.end()
            ):
                out.append(m.span())
                if first:
                    return out
    return out


def negated_at(text: str, matches: list[Match], start: int) -> bool:
    """Whether a negation cue governs position ``start`` (used for red-flag patterns)."""
    clause_start = 0
    for s, e in clause_spans(text):
        if s <= start < e:
            clause_start = s
            break
    cue_end: int | None = None
    for m in matches:
        if m.start >= start:
            break
        if m.start < clause_start:
            continue
        if m.entry.kind == "neg":
            cue_end = m.end
        elif (
            m.entry.kind in _MENTION_KINDS
            and cue_end is not None
            and not LIST_GAP_RE.match(text[cue_end : m.start])
        ):
            cue_end = None
    return cue_end is not None and _close_after_cue(text, cue_end, start)
