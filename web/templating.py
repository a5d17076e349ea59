"""Jinja2 rendering with per-request Babel translations (`{{ _("中文") }}` in templates)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

from preconsult.i18n import LOCALES, Locale, gettext, negotiate_locale
from web.settings import REPO_ROOT

__all__ = ["page_locale", "render"]


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(REPO_ROOT / "web" / "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page_locale(request: Request) -> Locale:
    """?locale= wins, then the `locale` cookie, then Accept-Language."""
    return negotiate_locale(
        request.query_params.get("locale") or request.cookies.get("locale"),
        request.headers.get("accept-language"),
    )


def render(
    request: Request,
    template: str,
    *,
    locale: Locale | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    loc = locale or page_locale(request)

    def _(message: str, **params: Any) -> str:
        return gettext(loc, message, **params)

    html = (
        _environment()
        .get_template(template)
        .render(_=_, locale=loc, locales=LOCALES, request=request, **context)
    )
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("locale") == loc:
        response.set_cookie("locale", loc, max_age=365 * 86400, samesite="lax")
    return response
