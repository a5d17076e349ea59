"""``action_screen``: red-flag check before every canned reply (greetings, yes/no, thanks ...).

Rules run it before the small-talk responses, so an emergency misread as "不" or "你好" still
gets the emergency message: then it sends that and makes ``action_listen`` the next action
(``FollowupAction``), which skips the canned reply.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.common import context_events, latest_text, locale_of
from actions.emergency import emergency_hits, send_emergency
from actions.interview import age_years, pregnant_flag, sex_value

__all__ = ["ActionScreen"]

log = logging.getLogger(__name__)


class ActionScreen(Action):
    """Escalate when the latest message holds an emergency red flag, else do nothing."""

    def name(self) -> str:
        return "action_screen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = list(context_events(tracker))
        text = latest_text(tracker)
        if not text:
            return events
        try:
            hits = emergency_hits(
                services.triage_engine().screen(
                    text,
                    age=age_years(tracker.get_slot("age")),
                    sex=sex_value(tracker.get_slot("sex")),
                    pregnant=pregnant_flag(tracker.get_slot("pregnant")),
                )
            )
        except Exception:
            log.exception("red-flag screening failed")
            return events
        if not hits:
            return events
        send_emergency(dispatcher, locale_of(tracker), hits[0].urgency, hits)
        return [*events, FollowupAction("action_listen")]
