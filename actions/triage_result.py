"""``action_triage_result``: runs the triage engine on the finished interview and reports it.

Sends readable text (urgency, up to three departments with reasons, the chief complaint and
a "this is not a diagnosis" notice) plus a ``triage_result`` frame with ``result.to_api()``.
Emergencies get the emergency message instead of departments (unless the form already sent
it). The interview slots are cleared so a new complaint starts a fresh interview.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import context_events, locale_of, send_frame
from actions.emergency import EMERGENCY_LEVELS, send_emergency
from actions.interview import (
    INTERVIEW_SLOTS,
    age_years,
    interview_text,
    pregnant_flag,
    sex_value,
)
from preconsult.i18n import N_, Locale, gettext

__all__ = ["ActionTriageResult", "render_result"]

log = logging.getLogger(__name__)

URGENCY_LABELS = {
    "emergency_ambulance": N_("立即拨打120"),
    "emergency": N_("立即去急诊"),
    "urgent": N_("24小时内就诊"),
    "routine": N_("门诊预约就诊"),
    "self_care": N_("居家观察"),
}
URGENCY_ADVICE = {
    "urgent": N_("建议24小时内到医院就诊，不要拖延。"),
    "routine": N_("建议近期到门诊预约就诊。"),
    "self_care": N_("目前可以先居家观察；如果症状持续不缓解或加重，请及时就医。"),
}


def _department_lines(number: int, department: dict[str, Any], locale: Locale) -> list[str]:
    lines = [f"{number}. {department.get('name', '')}"]
    hospital = department.get("hospital") or {}
    if hospital.get("name"):
        separator = ", " if locale == "en" else "，"
        where = separator.join(str(hospital[k]) for k in ("name", "location") if hospital.get(k))
        lines.append("   " + gettext(locale, "挂号：{where}", where=where))
    reasons = [str(r) for r in department.get("reasons") or []][:2]
    if reasons:
        lines.append("   " + gettext(locale, "理由：{reasons}", reasons="；".join(reasons)))
    return lines


def render_result(api: dict[str, Any], locale: Locale) -> str:
    """The patient-facing text of a non-emergency triage result (from ``result.to_api()``)."""
    urgency = str(api.get("urgency"))
    label = api.get("urgency_label") or gettext(locale, URGENCY_LABELS.get(urgency, urgency))
    lines = [
        gettext(locale, "初步分诊建议（仅供参考，这不是诊断）："),
        gettext(locale, "紧急程度：{level}", level=label),
    ]
    departments = list(api.get("departments") or [])[:3]
    if departments:
        lines.append(gettext(locale, "建议挂号科室："))
        for number, department in enumerate(departments, start=1):
            lines.extend(_department_lines(number, department, locale))
    chief = (api.get("summary") or {}).get("chief_complaint")
    if chief:
        lines.append(gettext(locale, "主诉：{text}", text=chief))
    if urgency in URGENCY_ADVICE:
        lines.append(gettext(locale, URGENCY_ADVICE[urgency]))
    lines.append(
        api.get("disclaimer")
        or gettext(locale, "如果出现胸痛、呼吸困难、意识不清等情况，请立即拨打120或去急诊。")
    )
    return "\n".join(lines)


class ActionTriageResult(Action):
    """Assess the interview and send the result (text + ``triage_result`` frame)."""

    def name(self) -> str:
        return "action_triage_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        locale = locale_of(tracker)
        values = {slot: tracker.get_slot(slot) for slot in INTERVIEW_SLOTS}
        reset = [SlotSet(slot, None) for slot in INTERVIEW_SLOTS if values[slot] is not None]
        done = [*context_events(tracker), *reset, SlotSet("red_flag", None)]
        text = interview_text(values)
        if not text:
            dispatcher.utter_message(
                text=gettext(locale, "您还没有告诉我哪里不舒服。请描述一下您的症状。")
            )
            return done
        fields: dict[str, Any] = {
            "text": text,
            "age": age_years(values["age"]),
            "sex": sex_value(values["sex"]),
            "pregnant": pregnant_flag(values["pregnant"]),
            "locale": locale,
        }
        for slot in ("onset", "severity"):
            if values[slot] not in (None, "unknown"):
                fields[slot] = values[slot]
        try:
            result = services.triage_engine().assess(services.triage_request(**fields))
        except Exception:
            log.exception("triage failed")
            dispatcher.utter_message(
                text=gettext(
                    locale,
                    "抱歉，分诊服务暂时不可用。如有胸痛、呼吸困难等紧急情况，请立即拨打120或去急诊；其他情况请到医院导诊台咨询。",
                )
            )
            return done
        api = result.to_api(locale)
        if tracker.get_slot("red_flag"):
            pass  # the form already sent the emergency message: no department shopping
        elif result.urgency in EMERGENCY_LEVELS:
            send_emergency(dispatcher, locale, result.urgency, result.red_flags)
        else:
            dispatcher.utter_message(text=render_result(api, locale))
        send_frame(dispatcher, "triage_result", api)
        return [*done, SlotSet("triage_done", True)]
