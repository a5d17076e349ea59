"""Admin: staff review of transcripts (auth, roles, filters, annotation, export, audit, dashboard).

``router`` (pages under /admin, JSON under /admin/api) is built on first access, so importing
``web.admin.models`` (Alembic, the CLI) does not pull in the web stack.
"""

from __future__ import annotations

from typing import Any

__all__ = ["router"]


def __getattr__(name: str) -> Any:
    if name == "router":
        from web.admin.routes import router

        return router
    raise AttributeError(name)
