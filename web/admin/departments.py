"""Department names for the admin (codes are stored; people read names), from knowledge/."""

from __future__ import annotations

import logging
from functools import lru_cache

__all__ = ["department_choices", "department_name"]

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _departments() -> tuple[tuple[str, dict[str, str]], ...]:
    try:
        from knowledge.loader import load_departments

        return tuple(
            (d.code, {loc: d.name.get(loc) for loc in ("zh-CN", "zh-TW", "en")})
            for d in load_departments()
        )
    except Exception:  # the admin still works with bare codes
        log.exception("could not load knowledge/departments.yml; showing department codes")
        return ()


def department_name(code: str | None, locale: str) -> str:
    if not code:
        return ""
    for known, names in _departments():
        if known == code:
            return names.get(locale) or names["zh-CN"]
    return code


def department_choices(locale: str, extra: list[str] | None = None) -> list[tuple[str, str]]:
    """(code, name) of every known department, plus codes seen in data but not in knowledge/."""
    choices = [(code, names.get(locale) or names["zh-CN"]) for code, names in _departments()]
    known = {code for code, _ in choices}
    choices += [(code, code) for code in extra or [] if code not in known]
    return choices
