"""Locale handling and Babel message catalogs shared by the gateway, the actions and the core.

Catalogs live in ``preconsult/locales/<locale>/LC_MESSAGES/<domain>.po`` with zh_CN as the source
language (msgids are Simplified Chinese). Each feature owns one gettext *domain* so that features
can be translated independently; all domains are merged into one ``Translations`` per locale.
Compiled ``.mo`` files are built by ``make i18n`` and never committed; when a ``.mo`` is missing
the ``.po`` is compiled in memory so a fresh checkout still speaks every language.
"""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from pathlib import Path
from typing import Literal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

__all__ = [
    "DOMAINS",
    "LOCALES",
    "LOCALES_DIR",
    "Locale",
    "N_",
    "gettext",
    "ngettext",
    "negotiate_locale",
    "normalize_locale",
    "translations",
]

log = logging.getLogger(__name__)

Locale = Literal["zh-CN", "zh-TW", "en"]
LOCALES: tuple[Locale, ...] = ("zh-CN", "zh-TW", "en")
DEFAULT_LOCALE: Locale = "zh-CN"
LOCALES_DIR = Path(__file__).parent / "locales"
# One gettext domain per feature; the gateway's own strings are in "messages".
DOMAINS: tuple[str, ...] = ("messages", "bot", "triage", "answers", "pharmacy", "admin")

_ALIASES: dict[str, Locale] = {
    "zh": "zh-CN",
    "zh-cn": "zh-CN",
    "zh-hans": "zh-CN",
    "zh-sg": "zh-CN",
    "zh-hans-cn": "zh-CN",
    "zh-tw": "zh-TW",
    "zh-hk": "zh-TW",
    "zh-mo": "zh-TW",
    "zh-hant": "zh-TW",
    "zh-hant-tw": "zh-TW",
    "zh-hant-hk": "zh-TW",
    "en": "en",
}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def normalize_locale(value: str | None) -> Locale | None:
    """Map 'zh_TW', 'zh-Hant', 'en-US', ... to one of LOCALES; None when unsupported."""
    if not value:
        return None
    key = value.strip().replace("_", "-").lower()
    if key in _ALIASES:
        return _ALIASES[key]
    if key.startswith("en"):
        return "en"
    if key.startswith("zh-hant") or key.endswith(("-tw", "-hk", "-mo")):
        return "zh-TW"
    if key.startswith("zh"):
        return "zh-CN"
    return None


def negotiate_locale(explicit: str | None, accept_language: str | None = None) -> Locale:
    """The session's locale: an explicit parameter wins, then Accept-Language, then zh-CN."""
    found = normalize_locale(explicit)
    if found:
        return found
    if accept_language:
        weighted: list[tuple[float, int, str]] = []
        for index, part in enumerate(accept_language.split(",")):
            tag, _, params = part.strip().partition(";")
            quality = 1.0
            if params.strip().startswith("q="):
                try:
                    quality = float(params.strip()[2:])
                except ValueError:
                    quality = 0.0
            weighted.append((-quality, index, tag))
        for _q, _i, tag in sorted(weighted):
            found = normalize_locale(tag)
            if found:
                return found
    return DEFAULT_LOCALE


def _babel_dir(locale: Locale) -> str:
    return locale.replace("-", "_")


def _load_domain(locale: Locale, domain: str) -> Translations | None:
    folder = LOCALES_DIR / _babel_dir(locale) / "LC_MESSAGES"
    mo_path = folder / f"{domain}.mo"
    po_path = folder / f"{domain}.po"
    if mo_path.exists() and (
        not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime
    ):
        with mo_path.open("rb") as fp:
            return Translations(fp, domain=domain)
    if po_path.exists():
        with po_path.open("rb") as fp:
            catalog = read_po(fp, locale=_babel_dir(locale), domain=domain)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=domain)
    return None


@lru_cache(maxsize=len(LOCALES))
def translations(locale: Locale) -> NullTranslations:
    """All domains of one locale merged into a single Translations object."""
    merged: Translations | None = None
    for domain in DOMAINS:
        loaded = _load_domain(locale, domain)
        if loaded is None:
            continue
        if merged is None:
            merged = loaded
        else:
            merged.merge(loaded)
    return merged if merged is not None else NullTranslations()


def gettext(locale: str | None, message: str, **params: object) -> str:
    """Translate ``message`` (a zh-CN msgid) into ``locale`` and fill ``{named}`` params."""
    loc = normalize_locale(locale) or DEFAULT_LOCALE
    text = translations(loc).gettext(message)
    return text.format(**params) if params else text


def ngettext(locale: str | None, singular: str, plural: str, n: int, **params: object) -> str:
    loc = normalize_locale(locale) or DEFAULT_LOCALE
    text = translations(loc).ngettext(singular, plural, n)
    return text.format(n=n, **params)
