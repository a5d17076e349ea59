"""Data types of the triage core: the request, what was found in the text, and the result.

``TriageResult.to_api(locale)`` is exactly what ``POST /api/v1/triage`` returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from knowledge.schemas import LocalizedText, Urgency
from preconsult.i18n import N_, Locale, gettext

__all__ = [
    "URGENCY_RANK",
    "Screener",
    "Demographics",
    "DepartmentScore",
    "Duration",
    "PreconsultSummary",
    "Reason",
    "RedFlagHit",
    "SymptomMention",
    "TriageRequest",
    "TriageResult",
    "Vitals",
    "urgency_label",
]

Sex = Literal["male", "female"]
URGENCY_RANK: dict[str, int] = {
    "self_care": 0,
    "routine": 1,
    "urgent": 2,
    "emergency": 3,
    "emergency_ambulance": 4,
}


class Screener(Protocol):
    """The red-flag screen other features call (``get_engine().screen``), as a type."""

    def screen(
        self,
        text: str,
        age: float | None = None,
        sex: str | None = None,
        pregnant: bool | None = None,
    ) -> Sequence[Any]: ...


_URGENCY_LABELS = {
    "emergency_ambulance": N_("立即拨打120"),
    "emergency": N_("立即去急诊"),
    "urgent": N_("24小时内就诊"),
    "routine": N_("门诊预约就诊"),
    "self_care": N_("可居家观察，出现加重时就医"),
}
_DISCLAIMER = N_(
    "本结果仅用于就诊科室和紧急程度参考，不是诊断，也不能代替医生面诊。如症状加重或出现危险信号，请立即就医或拨打120。"
)


def urgency_label(urgency: str, locale: str | None) -> str:
    """Localized, patient-facing description of an urgency level."""
    return gettext(locale, _URGENCY_LABELS[urgency])


class TriageRequest(BaseModel):
    """What the engine is asked: the patient's words plus facts already known from an interview."""

    text: str = Field(default="", max_length=4000)
    age: float | None = Field(default=None, ge=0, le=130, description="years; 0.25 = 3 months")
    sex: Sex | None = None
    pregnant: bool | None = None
    locale: Locale = "zh-CN"
    known_symptoms: list[str] = Field(default_factory=list, description="symptom ids or words")
    onset: str | None = Field(default=None, description="e.g. '3天', '两个小时', 'since yesterday'")
    severity: str | None = Field(default=None, description="e.g. '很疼', '8分', 'mild'")


@dataclass(frozen=True)
class SymptomMention:
    """A symptom or disease found in the text."""

    id: str
    name: LocalizedText
    kind: Literal["symptom", "disease"]
    text: str
    start: int
    negated: bool = False
    uncertain: bool = False
    departments: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    past: bool = False  # history ("以前...", "去年..."), not the current complaint

    def to_api(self, locale: str | None) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name.get(locale),
            "kind": self.kind,
            "text": self.text,
            "negated": self.negated,
            "uncertain": self.uncertain,
            "past": self.past,
        }


@dataclass(frozen=True)
class Duration:
    """How long the complaint has lasted, e.g. value 2, unit "hour" (``within``: "less than")."""

    hours: float
    text: str  # the words in the patient's text
    value: float
    unit: Literal["minute", "hour", "day", "week", "month", "year"]
    within: bool = False

    def render(self, locale: str | None) -> str:
        """'2小时' / '2小時' / '2 hours'; '半个月'; '1天内' / 'less than a day'."""
        if locale == "en":
            if self.within:
                return f"less than a {self.unit}"
            if self.value == 0.5:
                return f"half {'an' if self.unit == 'hour' else 'a'} {self.unit}"
            return f"{self.value:g} {self.unit}{'s' if self.value != 1 else ''}"
        tw = locale == "zh-TW"
        words = {
            "minute": "分鐘" if tw else "分钟",
            "hour": "小時" if tw else "小时",
            "day": "天",
            "week": "週" if tw else "周",
            "month": "個月" if tw else "个月",
            "year": "年",
        }
        word = words[self.unit]
        if self.within:
            return f"1{word}{'內' if tw else '内'}"
        if self.value == 0.5:
            return f"半{word}"
        return f"{self.value:g}{word}"


@dataclass(frozen=True)
class Vitals:
    temperature: float | None = None
    systolic: float | None = None
    diastolic: float | None = None
    spo2: float | None = None
    heart_rate: float | None = None
    glucose: float | None = None

    def to_api(self) -> dict[str, float]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Demographics:
    age: float | None = None  # years
    sex: Sex | None = None
    pregnant: bool | None = None
    gestation_weeks: float | None = None
    child: bool = False  # the text is clearly about a child even if no age was given


@dataclass(frozen=True)
class RedFlagHit:
    """A red-flag rule that fired."""

    id: str
    name: str  # zh-CN; use name_in(locale) for users
    urgency: Urgency
    guideline: str
    names: LocalizedText | None = field(default=None, compare=False, repr=False)
    advice: LocalizedText | None = field(default=None, compare=False, repr=False)

    def name_in(self, locale: str | None) -> str:
        return self.names.get(locale) if self.names else self.name

    def to_api(self, locale: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name_in(locale),
            "urgency": self.urgency,
            "guideline": self.guideline,
        }
        if self.advice:
            out["advice"] = self.advice.get(locale)
        return out


@dataclass(frozen=True)
class Reason:
    """A reason for a department, rendered in any locale by ``render``."""

    msgid: str
    params: dict[str, LocalizedText | str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Identity of the reason (same message, same parameters)."""
        values = (v.zh_CN if isinstance(v, LocalizedText) else v for v in self.params.values())
        return self.msgid + "\x1f" + "\x1f".join(values)

    def render(self, locale: str | None) -> str:
        values = {
            k: (v.get(locale) if isinstance(v, LocalizedText) else v)
            for k, v in self.params.items()
        }
        return gettext(locale, self.msgid, **values)


@dataclass
class DepartmentScore:
    code: str
    name: str  # in the request locale
    category: str
    score: float
    reasons: list[str]
    names: LocalizedText | None = field(default=None, repr=False)
    reason_specs: list[Reason] = field(default_factory=list, repr=False)
    hospital: dict[str, Any] | None = None  # {"name","location","hours"} as LocalizedText

    def to_api(self, locale: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.names.get(locale) if self.names else self.name,
            "category": self.category,
            "score": round(self.score, 3),
            "reasons": [r.render(locale) for r in self.reason_specs] or self.reasons,
        }
        if self.hospital:
            out["hospital"] = {k: v.get(locale) for k, v in self.hospital.items() if v is not None}
        return out


@dataclass
class PreconsultSummary:
    """The structured pre-consultation note a doctor reads before the visit."""

    chief_complaint: str
    history: str
    positives: list[str]
    negatives: list[str]
    red_flags: list[str]
    age: float | None = None
    sex: str | None = None
    pregnant: bool | None = None
    duration: str | None = None
    severity: str | None = None
    vitals: dict[str, float] = field(default_factory=dict)
    diseases: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)

    def to_api(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class TriageResult:
    """Everything the engine concluded about one request."""

    urgency: Urgency
    red_flags: list[RedFlagHit]
    departments: list[DepartmentScore]
    symptoms: list[SymptomMention]
    diseases: list[SymptomMention]
    summary: PreconsultSummary
    demographics: Demographics
    duration: Duration | None
    severity: str | None
    vitals: Vitals
    locale: str = "zh-CN"
    summaries: dict[str, PreconsultSummary] = field(default_factory=dict, repr=False)
    emergency_phone: str | None = None  # set for emergencies
    emergency_department: dict[str, LocalizedText | None] | None = (
        None  # hospital's 急诊 (name, location, hours)
    )

    @property
    def is_emergency(self) -> bool:
        return URGENCY_RANK[self.urgency] >= URGENCY_RANK["emergency"]

    def to_api(self, locale: str | None = None) -> dict[str, Any]:
        """The REST representation (POST /api/v1/triage)."""
        loc = locale or self.locale
        summary = self.summaries.get(loc, self.summary)
        return {
            "urgency": self.urgency,
            "urgency_label": urgency_label(self.urgency, loc),
            "red_flags": [f.to_api(loc) for f in self.red_flags],
            "departments": [d.to_api(loc) for d in self.departments],
            "symptoms": [s.to_api(loc) for s in self.symptoms],
            "diseases": [d.to_api(loc) for d in self.diseases],
            "summary": summary.to_api(),
            "disclaimer": gettext(loc, _DISCLAIMER),
        } | self._emergency_api(loc)

    def _emergency_api(self, locale: str) -> dict[str, Any]:
        if not self.is_emergency:
            return {}
        place = self.emergency_department or {}
        return {
            "emergency": {
                "phone": self.emergency_phone or "120",
                "department": {k: v.get(locale) for k, v in place.items() if v is not None} or None,
            }
        }
