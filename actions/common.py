"""Locale, channel and slot helpers shared by every action.

The gateway passes ``{"locale", "channel", "kiosk_id"}`` as message metadata. Every action
re-reads it from the latest user message (it can change mid-session, e.g. a kiosk switching
language) and falls back to the slots that ``action_session_start`` filled.
"""

from __future__ import annotations

from typing import Any, Literal

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from preconsult.i18n import DEFAULT_LOCALE, Locale, normalize_locale

__all__ = [
    "Channel",
    "channel_of",
    "context_events",
    "display_name",
    "latest_intent",
    "latest_text",
    "locale_of",
    "metadata_of",
    "send_frame",
    "session_context",
]

Channel = Literal["web", "kiosk"]
_CHANNELS: tuple[Channel, ...] = ("web", "kiosk")


def metadata_of(tracker: Tracker) -> dict[str, Any]:
    """Metadata the gateway attached to the latest user message (empty when none)."""
    metadata = (tracker.latest_message or {}).get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def _context_from(metadata: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    locale = normalize_locale(str(metadata.get("locale") or ""))
    if locale:
        found["locale"] = locale
    channel = str(metadata.get("channel") or "").strip().lower()
    if channel in _CHANNELS:
        found["channel"] = channel
    kiosk_id = metadata.get("kiosk_id")
    if kiosk_id:
        found["kiosk_id"] = str(kiosk_id)
    return found


def context_events(tracker: Tracker, metadata: dict[str, Any] | None = None) -> list[SlotSet]:
    """SlotSet events for locale/channel/kiosk_id that differ from the current slots."""
    found = _context_from(metadata if metadata is not None else metadata_of(tracker))
    return [SlotSet(key, value) for key, value in found.items() if tracker.get_slot(key) != value]


def locale_of(tracker: Tracker) -> Locale:
    """The conversation's locale: latest metadata, then the slot, then zh-CN."""
    found = _context_from(metadata_of(tracker)).get("locale")
    return found or normalize_locale(tracker.get_slot("locale")) or DEFAULT_LOCALE


def channel_of(tracker: Tracker) -> Channel:
    """``"kiosk"`` for pharmacy kiosks, else ``"web"``."""
    found = _context_from(metadata_of(tracker)).get("channel") or tracker.get_slot("channel")
    return "kiosk" if found == "kiosk" else "web"


def latest_text(tracker: Tracker) -> str:
    """The patient's latest message; payload-button texts like ``/greet`` count as empty."""
    text = str((tracker.latest_message or {}).get("text") or "").strip()
    return "" if text.startswith("/") else text


def latest_intent(tracker: Tracker) -> str:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return str(intent.get("name") or "")


def session_context(metadata: dict[str, Any] | None) -> dict[str, Any]:
    """locale/channel/kiosk_id for a new session, with zh-CN and web as defaults."""
    found = {"locale": DEFAULT_LOCALE, "channel": "web"}
    found.update(_context_from(metadata or {}))
    return found


def display_name(value: Any, locale: Locale) -> str:
    """A name shown to users: plain strings, ``{"zh-CN": ...}`` dicts or per-locale objects."""
    if isinstance(value, dict):
        return str(value.get(locale) or value.get("zh-CN") or next(iter(value.values()), ""))
    localized = getattr(value, locale.replace("-", "_"), None)
    return str(localized if localized is not None else (value if value is not None else ""))


def send_frame(dispatcher: CollectingDispatcher, frame_type: str, data: dict[str, Any]) -> None:
    """Send a structured frame; the gateway turns ``custom.type`` into a WebSocket frame."""
    dispatcher.utter_message(json_message={"type": frame_type, "data": data})
