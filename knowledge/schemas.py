"""Pydantic models of the triage knowledge files (formats documented in docs/knowledge-triage.md).

Every knowledge file is validated against these models when it is loaded and in CI
(`preconsult knowledge validate`). Cross-file checks (department codes, symptom ids) live in
``knowledge.loader``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "BODY_SITES",
    "URGENCIES",
    "Department",
    "DepartmentsFile",
    "Disease",
    "DiseasesFile",
    "HospitalDepartment",
    "HospitalProfile",
    "IcdRange",
    "IcdRangesFile",
    "LocalizedText",
    "Modifier",
    "ModifierWhen",
    "RedFlag",
    "RedFlagCase",
    "RedFlagConditions",
    "RedFlagsFile",
    "Symptom",
    "SymptomsFile",
    "Syndrome",
    "SyndromeFinding",
    "SyndromesFile",
    "Urgency",
]

Urgency = Literal["emergency_ambulance", "emergency", "urgent", "routine", "self_care"]
URGENCIES: tuple[Urgency, ...] = (
    "emergency_ambulance",
    "emergency",
    "urgent",
    "routine",
    "self_care",
)
RedFlagUrgency = Literal["emergency_ambulance", "emergency", "urgent"]
BodySite = Literal[
    "head", "face", "eye", "ear", "nose", "throat", "mouth", "neck", "chest", "breast",
    "abdomen", "back", "pelvis", "genital", "anus", "urinary", "limb", "joint", "skin",
    "whole_body", "mind", "sleep", "other",
]  # fmt: skip
BODY_SITES: tuple[str, ...] = BodySite.__args__  # type: ignore[attr-defined]

_CODE_RE = re.compile(r"^\d{2}(\.\d{2}){0,2}$")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class LocalizedText(_Strict):
    """A text shown to users, in every supported locale."""

    zh_CN: str = Field(alias="zh-CN", min_length=1)
    zh_TW: str = Field(alias="zh-TW", min_length=1)
    en: str = Field(min_length=1)

    def get(self, locale: str | None) -> str:
        """The text in ``locale`` (zh-CN when unknown)."""
        if locale == "en":
            return self.en
        if locale == "zh-TW":
            return self.zh_TW
        return self.zh_CN


def _check_code(code: str) -> str:
    if not _CODE_RE.match(code):
        raise ValueError(f"department code {code!r} must look like '03' or '03.04' or '04.01.03'")
    return code


def _check_weights(weights: dict[str, float]) -> dict[str, float]:
    for code, weight in weights.items():
        _check_code(code)
        if weight <= 0:
            raise ValueError(f"weight of department {code} must be > 0, got {weight}")
    return weights


def _check_regexes(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad regex {pattern!r}: {exc}") from exc
    return patterns


# ---------------------------------------------------------------- departments
class Department(_Strict):
    """One canonical department (《医疗机构诊疗科目名录》 code or a sub-specialty below it)."""

    code: str
    name: LocalizedText
    category: str = Field(min_length=1)
    treats: str = Field(min_length=2, description="what it treats (zh-CN)")
    keywords: list[str] = Field(default_factory=list, description="words patients use (zh/en)")
    children_to: str | None = Field(default=None, description="where children (< 14) go instead")
    adult_only: bool = False
    surgical: bool = Field(
        default=False, description="operates: weighs more when asked about surgery"
    )
    sex: Literal["male", "female"] | None = None
    other_sex_to: str | None = Field(default=None, description="where the other sex goes instead")
    sex_first: dict[Literal["male", "female"], str] = Field(
        default_factory=dict,
        description="a department that sees patients of this sex first (生殖医学科: men -> 男科)",
    )

    _code = field_validator("code", "children_to", "other_sex_to")(
        lambda v: v if v is None else _check_code(v)
    )

    @field_validator("sex_first")
    @classmethod
    def _sex_first_codes(cls, value: dict[str, str]) -> dict[str, str]:
        for code in value.values():
            _check_code(code)
        return value


class DepartmentsFile(_Strict):
    source: str = ""
    departments: list[Department] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> DepartmentsFile:
        codes = [d.code for d in self.departments]
        dupes = {c for c in codes if codes.count(c) > 1}
        if dupes:
            raise ValueError(f"duplicate department codes: {sorted(dupes)}")
        return self


# ---------------------------------------------------------------- hospital profiles
class HospitalDepartment(_Strict):
    """A registration department of one hospital."""

    name: LocalizedText
    location: LocalizedText | None = None
    hours: LocalizedText | None = None


class HospitalProfile(_Strict):
    """Maps canonical department codes to one hospital's registration departments."""

    id: str
    name: LocalizedText
    emergency_phone: str = "120"
    departments: dict[str, HospitalDepartment]
    fallbacks: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("departments")
    @classmethod
    def _codes(cls, value: dict[str, HospitalDepartment]) -> dict[str, HospitalDepartment]:
        for code in value:
            _check_code(code)
        return value

    @model_validator(mode="after")
    def _fallbacks_exist(self) -> HospitalProfile:
        for code, targets in self.fallbacks.items():
            _check_code(code)
            if code in self.departments:
                raise ValueError(f"fallback for {code}, which the hospital has")
            missing = [t for t in targets if t not in self.departments]
            if missing:
                raise ValueError(f"fallbacks of {code} point at absent departments {missing}")
        return self


# ---------------------------------------------------------------- symptoms
class ModifierWhen(_Strict):
    age_min: float | None = None
    age_max: float | None = None
    age_min_months: float | None = None
    age_max_months: float | None = None
    sex: Literal["male", "female"] | None = None
    pregnant: bool | None = None


class Modifier(_Strict):
    when: ModifierWhen
    departments: dict[str, float]

    _w = field_validator("departments")(_check_weights)


class Symptom(_Strict):
    id: str
    name: LocalizedText
    synonyms: list[str] = Field(default_factory=list)
    en_synonyms: list[str] = Field(default_factory=list)
    body_site: BodySite
    departments: dict[str, float] = Field(min_length=1)
    modifiers: list[Modifier] = Field(default_factory=list)
    severity: Literal["mild", "moderate", "severe"] | None = None
    # how much the finding weighs in routing: 1 = an ordinary symptom, 3 = like a named disease,
    # 4 = a stated request (康复训练, 神经阻滞, 查眼底) that says where the patient needs to go
    importance: float = Field(default=1.0, gt=0, le=5)
    # states who the patient is or why they came (怀孕, 体检), not a complaint: routes only when
    # nothing else in the message does
    context: bool = False
    # more general symptoms this one makes precise (右下腹痛 refines 腹痛): when both are found,
    # only this one routes
    refines: list[str] = Field(default_factory=list)
    # regexes over normalised text for phrase families no synonym lists ("黑色柏油样的大便")
    patterns: list[str] = Field(default_factory=list)

    _w = field_validator("departments")(_check_weights)

    _re = field_validator("patterns")(_check_regexes)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"symptom id {value!r} must be snake_case ASCII")
        return value


class SymptomsFile(_Strict):
    source: str = ""
    symptoms: list[Symptom] = Field(default_factory=list)


# ---------------------------------------------------------------- red flags
class RedFlagConditions(_Strict):
    age_min: float | None = None
    age_max: float | None = None
    age_min_months: float | None = None
    age_max_months: float | None = None
    sex: Literal["male", "female"] | None = None
    pregnant: bool | None = None
    temperature_min: float | None = None
    temperature_max: float | None = None
    duration_min_hours: float | None = None
    duration_max_hours: float | None = None
    systolic_min: float | None = None
    systolic_max: float | None = None
    diastolic_min: float | None = None
    spo2_max: float | None = None
    heart_rate_min: float | None = None
    heart_rate_max: float | None = None
    glucose_min: float | None = None
    glucose_max: float | None = None
    severity: Literal["severe"] | None = None


class RedFlag(_Strict):
    id: str
    name: LocalizedText
    urgency: RedFlagUrgency
    guideline: str = Field(min_length=2)
    all_of: list[str] = Field(default_factory=list)
    any_of: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    conditions: RedFlagConditions = Field(default_factory=RedFlagConditions)
    # regexes for a context that makes the trigger not a current emergency ("吃药控制得很好",
    # "后遗症"); they never silence a message that also says the problem is happening now
    unless: list[str] = Field(default_factory=list)
    advice: LocalizedText | None = None

    _re = field_validator("patterns", "unless")(_check_regexes)

    @model_validator(mode="after")
    def _has_trigger(self) -> RedFlag:
        has_vital = any(
            v is not None
            for k, v in self.conditions.model_dump().items()
            if k
            not in {"age_min", "age_max", "age_min_months", "age_max_months", "sex", "pregnant"}
        )
        if not (self.all_of or self.any_of or self.patterns or has_vital):
            raise ValueError(f"red flag {self.id} needs all_of, any_of, patterns or a vital sign")
        return self


class RedFlagsFile(_Strict):
    source: str = ""
    red_flags: list[RedFlag] = Field(default_factory=list)


class RedFlagCase(_Strict):
    """One line of evals/redflags/cases.jsonl."""

    text: str = Field(min_length=1)
    age: float | None = None
    sex: Literal["male", "female"] | None = None
    pregnant: bool | None = None
    expected: Literal["emergency", "not_emergency"]
    note: str = ""


# ---------------------------------------------------------------- syndromes
class SyndromeFinding(_Strict):
    """One finding of a syndrome: present when any of its symptoms or diseases is named (not
    negated, not history) or any of its regexes matches the normalised text outside a negation or
    a past-time clause."""

    symptoms: list[str] = Field(default_factory=list)
    diseases: list[str] = Field(default_factory=list, description="disease names (curated/ICD)")
    patterns: list[str] = Field(default_factory=list)

    _re = field_validator("patterns")(_check_regexes)

    @model_validator(mode="after")
    def _something(self) -> SyndromeFinding:
        if not (self.symptoms or self.diseases or self.patterns):
            raise ValueError("a finding needs symptoms, diseases or patterns")
        return self


class Syndrome(_Strict):
    """Findings that together point to a department more strongly than each alone (joint pain +
    morning stiffness -> 风湿免疫科). When it holds, it routes like a finding of ``importance``
    and the symptoms and diseases it used stop routing on their own (as with ``Symptom.refines``)."""

    id: str
    name: LocalizedText
    guideline: str = Field(min_length=2, description="where the combination comes from")
    findings: dict[str, SyndromeFinding] = Field(min_length=1)
    require: list[str] = Field(default_factory=list, description="findings that must be present")
    at_least: int = Field(default=2, ge=1, description="findings present, required ones included")
    conditions: ModifierWhen = Field(default_factory=lambda: ModifierWhen())
    departments: dict[str, float] = Field(min_length=1)
    importance: float = Field(default=3.0, gt=0, le=5)
    # false: the symptoms it used keep routing too (a pain's site still says where to go when the
    # hospital has no 疼痛科: the profile's fallback follows what the message points to)
    explains: bool = True

    _w = field_validator("departments")(_check_weights)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"syndrome id {value!r} must be snake_case ASCII")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Syndrome:
        unknown = sorted(set(self.require) - set(self.findings))
        if unknown:
            raise ValueError(f"syndrome {self.id}: require names unknown findings {unknown}")
        if self.at_least > len(self.findings):
            raise ValueError(
                f"syndrome {self.id}: at_least {self.at_least} > {len(self.findings)} findings"
            )
        if len(self.require) > self.at_least:
            raise ValueError(f"syndrome {self.id}: at_least must count the required findings")
        return self


class SyndromesFile(_Strict):
    source: str = Field(min_length=2)
    syndromes: list[Syndrome] = Field(default_factory=list)


# ---------------------------------------------------------------- diseases
class Disease(_Strict):
    """A disease patients name, with the departments that treat it (weights like symptoms)."""

    name: str = Field(min_length=1)
    icd: str | None = None
    aliases: list[str] = Field(default_factory=list)
    departments: dict[str, float] = Field(min_length=1)

    _w = field_validator("departments")(_check_weights)


class DiseasesFile(_Strict):
    source: str = ""
    diseases: list[Disease] = Field(default_factory=list)


class IcdRange(_Strict):
    """ICD-10 codes from ``start`` to ``end`` (inclusive, 3-char codes) are treated by departments."""

    start: str = Field(pattern=r"^[A-Z]\d\d$")
    end: str = Field(pattern=r"^[A-Z]\d\d$")
    departments: dict[str, float] = Field(min_length=1)
    note: str = ""

    _w = field_validator("departments")(_check_weights)


class IcdRangesFile(_Strict):
    source: str = ""
    ranges: list[IcdRange]
    # ICD-O morphology codes ("M805000/3" 乳头状癌) carry no site: departments by their behaviour
    # digit after the slash (0 benign, 1 uncertain, 2 in situ, 3 malignant, 6 metastatic ...)
    morphology: dict[str, dict[str, float]] = Field(default_factory=dict)

    @field_validator("morphology")
    @classmethod
    def _behaviours(cls, value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for behaviour, weights in value.items():
            if not re.fullmatch(r"\d", behaviour):
                raise ValueError(f"morphology behaviour {behaviour!r} must be one digit (0-9)")
            _check_weights(weights)
        return value
