"""``action_scope``: out-of-scope or not-understood messages.

Misunderstood messages are where an emergency could slip through, so they are screened for
red flags first; otherwise the patient is told what the assistant can do, with buttons.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import context_events, latest_text, locale_of
from actions.emergency import emergency_hits, send_emergency
from preconsult.i18n import gettext

__all__ = ["ActionScope"]

log = logging.getLogger(__name__)


class ActionScope(Action):
    """Explain the assistant's scope (or escalate when the text holds a red flag)."""

    def name(self) -> str:
        return "action_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        locale = locale_of(tracker)
        text = latest_text(tracker)
        hits = []
        if text:
            try:
                hits = emergency_hits(services.triage_engine().screen(text))
            except Exception:
                log.exception("red-flag screening failed")
        if hits:
            send_emergency(dispatcher, locale, hits[0].urgency, hits)
            return list(context_events(tracker))
        dispatcher.utter_message(
            text=gettext(
                locale,
                "抱歉，这个问题我帮不上忙。我可以帮您：根据症状推荐就诊科室、解答健康问题、解答用药问题。",
            ),
            buttons=[
                {"title": gettext(locale, "描述症状"), "payload": "/describe_symptom"},
                {"title": gettext(locale, "健康问题"), "payload": "/ask_health_question"},
                {"title": gettext(locale, "用药咨询"), "payload": "/ask_medication"},
            ],
        )
        return list(context_events(tracker))
