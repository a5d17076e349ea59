"""Privacy: redaction of personal identifiers (names, 身份证, phones, email, bank cards)."""

from __future__ import annotations

from preconsult.privacy.pii import (
    PLACEHOLDERS,
    RedactingFilter,
    Redaction,
    Span,
    find_spans,
    redact,
)

__all__ = ["PLACEHOLDERS", "RedactingFilter", "Redaction", "Span", "find_spans", "redact"]
