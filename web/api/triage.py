"""`POST /api/v1/triage`: urgency, red flags, top-3 departments and a pre-consultation summary.

Works without Rasa: a thin adapter over ``preconsult.triage``. Invalid input gives 422 (the app's
RequestValidationError handler localizes the message).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, field_validator

from preconsult.triage import TriageEngine, TriageRequest, get_engine

__all__ = ["TriageBody", "TriageResponse", "engine_dependency", "router"]

router = APIRouter(prefix="/api/v1", tags=["triage"])


class TriageBody(BaseModel):
    """What the patient said, plus facts already known."""

    text: str = Field(min_length=1, max_length=2000, examples=["胸口疼两个小时，出冷汗"])
    age: int | None = Field(default=None, ge=0, le=130, description="age in years")
    sex: Literal["male", "female"] | None = None
    pregnant: bool | None = None
    locale: Literal["zh-CN", "zh-TW", "en"] = "zh-CN"

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank")
        return value


class RedFlagOut(BaseModel):
    id: str
    name: str
    urgency: str
    guideline: str
    advice: str | None = None


class HospitalOut(BaseModel):
    name: str
    location: str | None = None
    hours: str | None = None


class DepartmentOut(BaseModel):
    code: str
    name: str
    category: str
    score: float
    reasons: list[str]
    hospital: HospitalOut | None = None


class MentionOut(BaseModel):
    id: str
    name: str
    kind: Literal["symptom", "disease"]
    text: str
    negated: bool
    uncertain: bool


class EmergencyOut(BaseModel):
    phone: str = Field(description="number to call, e.g. 120")
    department: HospitalOut | None = Field(
        default=None, description="this hospital's emergency department"
    )


class TriageResponse(BaseModel):
    urgency: Literal["emergency_ambulance", "emergency", "urgent", "routine", "self_care"]
    urgency_label: str
    red_flags: list[RedFlagOut]
    departments: list[DepartmentOut] = Field(
        description="best first, <= 3; empty only for emergencies"
    )
    symptoms: list[MentionOut]
    diseases: list[MentionOut]
    summary: dict[str, Any] = Field(
        description="chief_complaint, history, positives, negatives, red_flags ..."
    )
    disclaimer: str
    emergency: EmergencyOut | None = Field(default=None, description="only for emergencies")


def engine_dependency() -> TriageEngine:
    """The process-wide triage engine (tests may override this dependency)."""
    return get_engine()


EngineDep = Annotated[TriageEngine, Depends(engine_dependency)]


@router.post("/triage", response_model=TriageResponse)
def triage(body: TriageBody, engine: EngineDep) -> dict[str, Any]:
    """Triage a patient's message: urgency level, red flags, top-3 departments with reasons, summary."""
    request = TriageRequest(
        text=body.text, age=body.age, sex=body.sex, pregnant=body.pregnant, locale=body.locale
    )
    return engine.assess(request).to_api(body.locale)
