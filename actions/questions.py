"""``action_ask_<slot>``: the interview questions, rendered in the patient's language.

The form calls ``action_ask_<slot>`` for the slot it requests. Questions about the patient's
age and sex are phrased for a child when the complaint is about one. Button payloads stay in
zh-CN (the language the answer parser reads); their titles are translated.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import locale_of
from actions.interview import INTERVIEW_SLOTS, age_years
from preconsult.i18n import N_, gettext

__all__ = ["QUESTIONS", "question_for"]

QUESTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "chief_complaint": (N_("请描述一下哪里不舒服，比如哪个部位、什么感觉。"), ()),
    "onset": (N_("这种情况持续多久了？（例如：2小时、3天、半个月）"), ()),
    "severity": (N_("难受的程度怎么样？"), (N_("轻微"), N_("中等"), N_("严重"))),
    "age": (N_("请问患者多大年龄？（例如：35岁、8个月）"), ()),
    "sex": (N_("请问患者的性别？"), (N_("男"), N_("女"))),
    "pregnant": (N_("请问目前是否怀孕，或者有可能怀孕？"), (N_("是"), N_("否"), N_("不确定"))),
    "gestation": (N_("怀孕多少周了？有没有阴道流血、腹痛或者胎动减少？"), ()),
    "infant_state": (N_("宝宝精神状态怎么样？吃奶好不好？尿量和平时比有没有减少？"), ()),
    "child_state": (N_("孩子精神怎么样？吃饭、玩耍和平时一样吗？"), ()),
    "associated_symptoms": (
        N_("还有其他不舒服吗？比如发烧、恶心呕吐、头晕等。没有的话请回答“没有”。"),
        (N_("没有了"),),
    ),
}
_CHILD_QUESTIONS = {
    "age": N_("孩子多大了？（例如：3岁、8个月）"),
    "sex": N_("孩子是男孩还是女孩？"),
}
_ABOUT_A_CHILD = re.compile(
    r"宝宝|孩子|小孩|儿子|女儿|闺女|娃|婴儿|新生儿|baby|child|kid|son|daughter|toddler|infant",
    re.IGNORECASE,
)


def question_for(slot: str, values: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The msgid and button msgids that ask for ``slot`` given the answers so far."""
    text, buttons = QUESTIONS[slot]
    age = age_years(values.get("age"))
    child = (age is not None and age < 14) or (
        age is None and bool(_ABOUT_A_CHILD.search(str(values.get("chief_complaint") or "")))
    )
    if child and slot in _CHILD_QUESTIONS:
        text = _CHILD_QUESTIONS[slot]
    return text, buttons


class _AskSlot(Action, ABC):
    """Asks for ``slot``; concrete subclasses are generated below, one per interview slot."""

    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        locale = locale_of(tracker)
        values = {slot: tracker.get_slot(slot) for slot in INTERVIEW_SLOTS}
        text, buttons = question_for(self.slot, values)
        dispatcher.utter_message(
            text=gettext(locale, text),
            buttons=[{"title": gettext(locale, b), "payload": b} for b in buttons],
        )
        return []


# One registered action per interview slot (rasa_sdk registers every Action subclass).
for _slot in INTERVIEW_SLOTS:
    _name = "AskSlot" + "".join(part.title() for part in _slot.split("_"))
    globals()[_name] = type(_name, (_AskSlot,), {"slot": _slot, "__module__": __name__})
