"""`POST /api/v1/answer`: grounded health answers through the same router the bot uses."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, field_validator

from preconsult.answers.models import Reply
from preconsult.router import Assistant, get_assistant

__all__ = ["AnswerRequest", "assistant_dependency", "router"]

router = APIRouter(prefix="/api/v1", tags=["answers"])


class AnswerRequest(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    locale: Literal["zh-CN", "zh-TW", "en"] = "zh-CN"
    channel: Literal["web", "kiosk"] = "web"

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("question is blank")
        return value


def assistant_dependency() -> Assistant:
    """The process-wide assistant (tests override this dependency)."""
    return get_assistant()


AssistantDep = Annotated[Assistant, Depends(assistant_dependency)]


@router.post("/answer", response_model=Reply)
def answer(body: AnswerRequest, assistant: AssistantDep) -> Reply:
    """Answer a health question: `answer` (≥ 1 citation), `refusal`, `escalation` or `handoff`."""
    return assistant.answer(body.question, locale=body.locale, channel=body.channel)
