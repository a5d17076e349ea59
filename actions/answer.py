"""``action_answer``: health questions go to the answer router (``preconsult.router``).

The reply is sent as text with numbered citations plus an ``answer`` frame; an escalation
(the router found a red flag) also sends the ``emergency`` frame.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import channel_of, context_events, latest_text, locale_of, send_frame
from preconsult.i18n import N_, Locale, gettext

__all__ = ["ActionAnswer", "answer_question", "reply_text"]

log = logging.getLogger(__name__)

_PROMPT = N_("请直接输入您想咨询的健康问题，例如“高血压平时饮食要注意什么？”")


def reply_text(reply: Any, locale: Locale) -> str:
    """The answer followed by its numbered sources."""
    text = str(reply.answer)
    citations = list(getattr(reply, "citations", []) or [])
    if citations:
        sources = [f"[{n}] {c.title}" for n, c in enumerate(citations, start=1)]
        text += "\n\n" + gettext(locale, "参考资料：") + "\n" + "\n".join(sources)
    return text


def answer_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, empty_prompt: str
) -> list[EventType]:
    """Route the latest message through the assistant and send the reply (shared by actions)."""
    locale = locale_of(tracker)
    events: list[EventType] = list(context_events(tracker))
    question = latest_text(tracker)
    if not question:
        dispatcher.utter_message(text=gettext(locale, empty_prompt))
        return events
    try:
        reply = services.assistant().answer(question, locale=locale, channel=channel_of(tracker))
    except Exception:
        log.exception("answer router failed")
        dispatcher.utter_message(
            text=gettext(
                locale,
                "抱歉，暂时无法回答这个问题。如有胸痛、呼吸困难等紧急情况，请立即拨打120或去急诊。",
            )
        )
        return events
    dispatcher.utter_message(text=reply_text(reply, locale))
    send_frame(dispatcher, "answer", reply.to_api())
    if reply.kind == "escalation":
        send_frame(
            dispatcher,
            "emergency",
            {"urgency": reply.urgency or "emergency", "red_flags": [], "text": str(reply.answer)},
        )
    return events


class ActionAnswer(Action):
    """Answer a health question."""

    def name(self) -> str:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return answer_question(dispatcher, tracker, _PROMPT)
