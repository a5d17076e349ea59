"""``action_medication``: medication questions, answered by the same router.

The router sends them to ``preconsult.pharmacy``; the channel (kiosk or web) comes from the
session, so pharmacy kiosks get kiosk-specific answers (e.g. "请咨询店内药师").
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answer import answer_question
from preconsult.i18n import N_

__all__ = ["ActionMedication"]

_PROMPT = N_("请告诉我药品名称和您想问的问题，例如“布洛芬饭前吃还是饭后吃？”")


class ActionMedication(Action):
    """Answer a medication question."""

    def name(self) -> str:
        return "action_medication"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return answer_question(dispatcher, tracker, _PROMPT)
