"""Redact personal identifiers from free text before it is stored or logged.

``redact("我叫张伟，电话13800138000")`` gives ``Redaction(text="我叫[姓名]，电话[电话]", spans=[...])``.
Kinds and placeholders: name [姓名], id_card [身份证号], phone [电话], email [邮箱], bank_card [银行卡号].
Lab values, blood pressure, dates, times, doses and order numbers are left alone (see checks.py).
"""

from __future__ import annotations

from preconsult.privacy.log_filter import RedactingFilter
from preconsult.privacy.names import find_names
from preconsult.privacy.numbers import (
    find_bank_cards,
    find_emails,
    find_id_cards,
    find_phones,
    fold,
)
from preconsult.privacy.spans import KINDS, PLACEHOLDERS, Kind, Redaction, Span

__all__ = [
    "KINDS",
    "PLACEHOLDERS",
    "Kind",
    "RedactingFilter",
    "Redaction",
    "Span",
    "find_spans",
    "redact",
]

# When two findings overlap the longer wins; on equal length, the earlier kind here.
_PRIORITY: dict[str, int] = {"email": 0, "id_card": 1, "bank_card": 2, "phone": 3, "name": 4}


def find_spans(text: str) -> list[Span]:
    """Every identifier in ``text``, non-overlapping, in text order."""
    if not text:
        return []
    folded = fold(text)
    candidates = (
        find_emails(folded)
        + find_id_cards(folded)
        + find_bank_cards(folded)
        + find_phones(folded)
        + find_names(folded)
    )
    candidates.sort(key=lambda s: (-(s.end - s.start), _PRIORITY[s.kind], s.start))
    chosen: list[Span] = []
    for span in candidates:
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def redact(text: str) -> Redaction:
    """Replace every identifier with its placeholder; spans point into the original text."""
    spans = find_spans(text)
    if not spans:
        return Redaction(text=text, spans=[])
    parts: list[str] = []
    cursor = 0
    for span in spans:
        parts.append(text[cursor : span.start])
        parts.append(PLACEHOLDERS[span.kind])
        cursor = span.end
    parts.append(text[cursor:])
    return Redaction(text="".join(parts), spans=spans)
