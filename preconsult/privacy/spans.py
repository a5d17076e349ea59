"""The result types of PII redaction: a found identifier (`Span`) and a redacted text (`Redaction`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["KINDS", "PLACEHOLDERS", "Kind", "Redaction", "Span"]

Kind = Literal["name", "id_card", "phone", "email", "bank_card"]
KINDS: tuple[Kind, ...] = ("name", "id_card", "phone", "email", "bank_card")

# Fixed by docs/contracts.md: readable, never translated (they are stored, not shown as UI text).
PLACEHOLDERS: dict[Kind, str] = {
    "name": "[姓名]",
    "id_card": "[身份证号]",
    "phone": "[电话]",
    "email": "[邮箱]",
    "bank_card": "[银行卡号]",
}


@dataclass(frozen=True, slots=True)
class Span:
    """One personal identifier found in the *original* text: ``text[start:end]``."""

    kind: Kind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Redaction:
    """The text with every identifier replaced by its placeholder, and where they were."""

    text: str
    spans: list[Span] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.spans)
