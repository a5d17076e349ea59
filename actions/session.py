"""``action_session_start`` and ``action_restart``: the session context survives both.

A new session takes locale, channel and kiosk id from the gateway's metadata; a restart
forgets the conversation but keeps them.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, Restarted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import channel_of, locale_of, session_context
from preconsult.i18n import gettext

__all__ = ["ActionRestart", "ActionSessionStart"]


class ActionSessionStart(Action):
    """Start a session with the gateway's metadata in the ``locale``/``channel``/``kiosk_id`` slots."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        metadata = tracker.get_slot("session_started_metadata")
        context = session_context(metadata if isinstance(metadata, dict) else None)
        return [
            SessionStarted(),
            *(SlotSet(key, value) for key, value in context.items()),
            ActionExecuted("action_listen"),
        ]


class ActionRestart(Action):
    """``/restart``: forget the conversation but keep the session's locale and channel."""

    def name(self) -> str:
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        locale = locale_of(tracker)
        context = {"locale": locale, "channel": channel_of(tracker)}
        if tracker.get_slot("kiosk_id"):
            context["kiosk_id"] = tracker.get_slot("kiosk_id")
        dispatcher.utter_message(text=gettext(locale, "好的，我们重新开始。请问哪里不舒服？"))
        return [Restarted(), *(SlotSet(key, value) for key, value in context.items())]
