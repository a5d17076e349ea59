"""Value types of the answer core: citations and the reply every channel receives."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Citation", "Reply", "ReplyKind"]

ReplyKind = Literal["answer", "refusal", "escalation", "handoff"]


class Citation(BaseModel):
    """A numbered source of an answer: ``[n]`` in the text is ``citations[n-1]``."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str


class Reply(BaseModel):
    """What the assistant says back, as ``POST /api/v1/answer`` returns it."""

    model_config = ConfigDict(frozen=True)

    kind: ReplyKind
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    urgency: str | None = None
    guardrails: list[str] = Field(default_factory=list)

    def to_api(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
