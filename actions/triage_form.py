"""``validate_triage_form``: fills the interview slots from every answer and screens red flags.

Runs after each patient turn while ``triage_form`` is active (and at its activation). It
1. screens the whole interview so far for red flags and, at emergency level, sends the
   emergency message and ends the form;
2. lets questions that are not answers (a health question, "转人工") interrupt the form by
   returning no slot, so Rasa rejects the form and the rules answer them;
3. reads several facts from one answer (durations, age, sex, pregnancy, severity), accepts
   corrections ("不对，是三天"), "不知道" and free text, and picks the next question.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import context_events, display_name, latest_intent, latest_text, locale_of
from actions.emergency import emergency_hits, send_emergency
from actions.facts import is_correction, is_dont_know, is_no, parse_facts
from actions.interview import (
    INTERVIEW_SLOTS,
    age_years,
    interview_text,
    next_slot,
    pregnant_flag,
    sex_value,
)
from preconsult.i18n import Locale, gettext

__all__ = ["INTERRUPTING_INTENTS", "ValidateTriageForm"]

log = logging.getLogger(__name__)

# Intents that are not answers: the form is rejected and a rule handles them, then resumes.
INTERRUPTING_INTENTS = frozenset(
    {
        "ask_health_question",
        "ask_medication",
        "request_human",
        "goodbye",
        "bot_challenge",
        "restart",
    }
)
# Intents that carry no answer ("你好", "谢谢"): the question is asked again.
_EMPTY_INTENTS = frozenset({"greet", "thanks"})
_FREE_TEXT_SLOTS = frozenset(
    {"chief_complaint", "onset", "severity", "gestation", "infant_state", "child_state",
     "associated_symptoms"}
)  # fmt: skip


def _hint(locale: Locale, slot: str) -> str:
    if slot == "age":
        return gettext(
            locale,
            "抱歉，我没有听懂年龄。请直接回答数字，例如“35岁”或“8个月”；不清楚可以回答“不知道”。",
        )
    if slot == "sex":
        return gettext(locale, "请回答“男”或“女”。")
    return gettext(locale, "请回答“是”、“否”或“不确定”。")


def _symptom_names(text: str, locale: Locale) -> list[str]:
    """zh-CN names of the symptoms the triage engine recognises in ``text`` (not negated ones)."""
    if not text:
        return []
    try:
        # the symptoms only: no semantic back-off (it routes, and costs an embedding per turn)
        result = services.triage_engine().assess(
            services.triage_request(text=text, locale=locale), semantic=False
        )
    except Exception:  # the engine missing must not break the interview
        log.exception("symptom extraction failed")
        return []
    return [
        display_name(getattr(s, "name", ""), "zh-CN")
        for s in result.symptoms
        if not getattr(s, "negated", False)
    ]


def _facts_only(text: str, asked: str | None) -> dict[str, Any]:
    """The slot values parsed from ``text`` (durations, age, sex, pregnancy, severity)."""
    facts = parse_facts(text, asked=asked)
    found = {
        "onset": facts.onset,
        "age": facts.age,
        "sex": facts.sex,
        "pregnant": facts.pregnant,
        "severity": facts.severity,
        "gestation": facts.gestation,
    }
    return {slot: value for slot, value in found.items() if value is not None}


def _join(before: Any, new: list[str]) -> str:
    kept = [str(before)] if before not in (None, "无", "unknown") else []
    return "、".join(kept + new)


class ValidateTriageForm(Action):
    """Custom validation of ``triage_form`` (see the module docstring)."""

    def name(self) -> str:
        return "validate_triage_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = latest_text(tracker)
        intent = latest_intent(tracker)
        locale = locale_of(tracker)
        asked = tracker.get_slot("requested_slot")
        values: dict[str, Any] = {slot: tracker.get_slot(slot) for slot in INTERVIEW_SLOTS}

        hints = CollectingDispatcher()  # "please answer 男 or 女" is dropped in an emergency
        updates = self._answers(hints, text, intent, asked, values, locale)
        merged = {**values, **updates}

        hits = self._screen(merged, text)
        if not hits:
            dispatcher.messages.extend(hints.messages)
        else:
            send_emergency(dispatcher, locale, hits[0].urgency, hits)
            record = _facts_only(text, asked)
            if values.get("chief_complaint") is None:
                record["chief_complaint"] = text
            elif text and text not in interview_text(values):
                record["associated_symptoms"] = _join(values.get("associated_symptoms"), [text])
            return [
                *context_events(tracker),
                *(SlotSet(slot, value) for slot, value in record.items()),
                SlotSet("red_flag", True),
                SlotSet("requested_slot", None),
            ]
        if asked and intent in INTERRUPTING_INTENTS:
            return []  # not an answer: Rasa rejects the form and a rule takes over
        return [
            *context_events(tracker),
            *(SlotSet(slot, value) for slot, value in updates.items()),
            SlotSet("requested_slot", next_slot(merged)),
        ]

    @staticmethod
    def _screen(values: dict[str, Any], text: str) -> list[Any]:
        """Emergency-level red flags in everything said so far plus this turn."""
        try:
            hits = services.triage_engine().screen(
                interview_text(values, extra=text),
                age=age_years(values.get("age")),
                sex=sex_value(values.get("sex")),
                pregnant=pregnant_flag(values.get("pregnant")),
            )
        except Exception:
            log.exception("red-flag screening failed")
            return []
        return emergency_hits(hits)

    @staticmethod
    def _answers(
        dispatcher: CollectingDispatcher,
        text: str,
        intent: str,
        asked: str | None,
        values: dict[str, Any],
        locale: Locale,
    ) -> dict[str, Any]:
        """Slot values this turn says (including ``None`` to ask a question again)."""
        if asked and intent in INTERRUPTING_INTENTS:
            return {}
        correction = is_correction(text)
        # A fact about a question already answered changes it only when corrected or re-asked
        # ("还有点恶心" must not turn a "挺疼的" severity into "mild").
        updates = {
            slot: value
            for slot, value in _facts_only(text, asked).items()
            if values.get(slot) is None or slot == asked or correction
        }
        if asked is None:  # activation: the first message is the complaint when it has one
            if (
                values.get("chief_complaint") is None
                and text
                and (intent == "describe_symptom" or _symptom_names(text, locale))
            ):
                updates["chief_complaint"] = text
            return updates
        if asked not in ("chief_complaint", "associated_symptoms") and intent == "describe_symptom":
            known = set(_symptom_names(str(values.get("chief_complaint") or ""), locale))
            new = [name for name in _symptom_names(text, locale) if name not in known]
            if new:
                updates["associated_symptoms"] = _join(values.get("associated_symptoms"), new)
        if asked in updates:
            return updates
        if asked == "chief_complaint" and text and intent not in _EMPTY_INTENTS:
            updates[asked] = text
            return updates
        if correction and updates:  # "不对，是三天": fix that answer, then ask this question again
            return updates
        if not text or intent in _EMPTY_INTENTS:
            updates[asked] = None  # ask the same question again
        elif is_dont_know(text):
            updates[asked] = "unknown"
        elif asked == "associated_symptoms" and (intent == "deny" or is_no(text)):
            updates[asked] = "无"
        elif updates:  # another question was answered instead: ask this one again
            return updates
        elif asked in _FREE_TEXT_SLOTS:
            updates[asked] = text
        else:
            dispatcher.utter_message(text=_hint(locale, asked))
            updates[asked] = None
        return updates
