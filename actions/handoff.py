"""``action_handoff``: the patient asks for a person; the gateway routes the ``handoff`` frame."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import channel_of, context_events, locale_of, send_frame
from preconsult.i18n import gettext

__all__ = ["ActionHandoff"]


class ActionHandoff(Action):
    """Tell the patient a person will take over and send the ``handoff`` frame."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        locale = locale_of(tracker)
        if channel_of(tracker) == "kiosk":
            text = gettext(
                locale, "好的，正在为您呼叫店内药师，请稍候。如遇紧急情况请直接拨打120。"
            )
        else:
            text = gettext(
                locale, "好的，正在为您转接人工服务，请稍候。如遇紧急情况请直接拨打120。"
            )
        dispatcher.utter_message(text=text)
        send_frame(dispatcher, "handoff", {"reason": "user_request"})
        return list(context_events(tracker))
