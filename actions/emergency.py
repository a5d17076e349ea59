"""Emergency escalation: the message and the ``emergency`` frame sent when a red flag fires."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.common import display_name, send_frame
from preconsult.i18n import Locale, gettext

__all__ = ["EMERGENCY_LEVELS", "emergency_hits", "hit_name", "send_emergency"]

EMERGENCY_LEVELS = ("emergency_ambulance", "emergency")


def hit_name(hit: Any, locale: Locale) -> str:
    """Display name of a red-flag hit in ``locale``."""
    name_in = getattr(hit, "name_in", None)
    if callable(name_in):
        return str(name_in(locale))
    return display_name(getattr(hit, "name", ""), locale)


def _advice(hits: list[Any], locale: Locale) -> str:
    """What to do meanwhile, from the first red-flag rule that has advice."""
    for hit in hits:
        advice = getattr(hit, "advice", None)
        if advice:
            return display_name(advice, locale)
    return ""


def emergency_hits(hits: Iterable[Any]) -> list[Any]:
    """Hits at ``emergency`` or above, ambulance-level first."""
    found = [hit for hit in hits if getattr(hit, "urgency", None) in EMERGENCY_LEVELS]
    return sorted(found, key=lambda hit: EMERGENCY_LEVELS.index(hit.urgency))


def _text(locale: Locale, urgency: str, names: list[str]) -> str:
    separator = ", " if locale == "en" else "、"
    flags = separator.join(list(dict.fromkeys(n for n in names if n))[:2])  # the two most urgent
    if urgency == "emergency_ambulance":
        if flags:
            return gettext(
                locale,
                "⚠️ 您描述的情况（{flags}）可能危及生命。请立即拨打120急救电话，不要自行驾车去医院；等待时保持安静，不要进食。",
                flags=flags,
            )
        return gettext(
            locale,
            "⚠️ 您描述的情况可能危及生命。请立即拨打120急救电话，不要自行驾车去医院；等待时保持安静，不要进食。",
        )
    if flags:
        return gettext(
            locale,
            "⚠️ 您描述的情况（{flags}）需要马上处理。请立即去最近医院的急诊科就诊；如果症状加重或行动不便，请拨打120。",
            flags=flags,
        )
    return gettext(
        locale,
        "⚠️ 您描述的情况需要马上处理。请立即去最近医院的急诊科就诊；如果症状加重或行动不便，请拨打120。",
    )


def send_emergency(
    dispatcher: CollectingDispatcher,
    locale: Locale,
    urgency: str,
    hits: Iterable[Any] = (),
    text: str | None = None,
) -> str:
    """Utter the emergency advice and send the ``emergency`` frame; returns the text sent."""
    hits = list(hits)
    message = text or _text(locale, urgency, [hit_name(hit, locale) for hit in hits])
    advice = "" if text else _advice(hits, locale)
    if advice:
        message = f"{message}\n{advice}"
    dispatcher.utter_message(text=message)
    send_frame(
        dispatcher,
        "emergency",
        {
            "urgency": urgency,
            "red_flags": [
                {"id": str(getattr(hit, "id", "")), "name": hit_name(hit, locale)} for hit in hits
            ],
            "text": message,
        },
    )
    return message
