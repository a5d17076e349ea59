"""The triage interview plan: which slot to ask next and how the answers become engine input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "INTERVIEW_SLOTS",
    "age_years",
    "interview_text",
    "needs_pregnancy_question",
    "next_slot",
    "pregnant_flag",
    "sex_value",
]

# Natural order of the questions; conditional ones are skipped when they do not apply.
INTERVIEW_SLOTS: tuple[str, ...] = (
    "chief_complaint",
    "onset",
    "severity",
    "age",
    "sex",
    "pregnant",
    "gestation",
    "infant_state",
    "child_state",
    "associated_symptoms",
)
CHILD_AGE_LIMIT = 14
PREGNANCY_AGES = (12, 55)


def age_years(value: Any) -> float | None:
    """The age slot as a number of years, None when unknown or not asked yet."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def sex_value(value: Any) -> str | None:
    return value if value in ("male", "female") else None


def pregnant_flag(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(str(value)) if value is not None else None


def needs_pregnancy_question(values: Mapping[str, Any]) -> bool:
    """Women of 12–55 (or of unknown age) are asked about pregnancy."""
    if sex_value(values.get("sex")) != "female":
        return False
    age = age_years(values.get("age"))
    return age is None or PREGNANCY_AGES[0] <= age <= PREGNANCY_AGES[1]


def _applies(slot: str, values: Mapping[str, Any]) -> bool:
    age = age_years(values.get("age"))
    if slot == "pregnant":
        return needs_pregnancy_question(values)
    if slot == "gestation":
        return needs_pregnancy_question(values) and values.get("pregnant") == "yes"
    if slot == "infant_state":
        return age is not None and age < 1
    if slot == "child_state":
        return age is not None and 1 <= age < CHILD_AGE_LIMIT
    return True


def next_slot(values: Mapping[str, Any]) -> str | None:
    """The first question still unanswered, or None when the interview is complete."""
    for slot in INTERVIEW_SLOTS:
        if values.get(slot) is None and _applies(slot, values):
            return slot
    return None


def _said(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text if text and text not in ("unknown", "无") else None


def interview_text(values: Mapping[str, Any], extra: str = "") -> str:
    """Everything the patient said about their problem, as one text for the triage engine."""
    parts = [
        _said(values.get("chief_complaint")),
        _said(values.get("associated_symptoms")),
        _said(values.get("infant_state")),
        _said(values.get("child_state")),
    ]
    gestation = _said(values.get("gestation"))
    if gestation:
        parts.append(gestation if "孕" in gestation else f"孕{gestation}")
    if extra.strip():
        parts.append(extra.strip())
    return "。".join(dict.fromkeys(p for p in parts if p))
