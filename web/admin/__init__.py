"""Admin: staff review of transcripts (auth, roles, filters, annotation, export, audit, dashboard).

``router`` (pages under /admin, JSON under /admin/api) is built on first access, so importing
``web.admin.models`` (Alembic, the CLI) does not pull in the web stack.
"""

from __future__ import annotations

from typing import Any

__all__ = ["install", "router"]


def install(app: Any) -> None:
    """Called by the gateway after mounting ``router``. At start-up: kiosks are verified against
    the tokens issued on /admin/kiosks (until a kiosk feature installs its own verifier), and
    PII redaction is warmed up."""

    async def _kiosk_tokens(app: Any) -> None:
        current = getattr(app.state, "kiosk_verifier", None)
        if current is None or getattr(current, "__name__", "") == "_refuse_all_kiosks":
            from web.admin.kiosks import make_kiosk_verifier

            app.state.kiosk_verifier = make_kiosk_verifier(app.state.db)

    async def _warm_redaction(app: Any) -> None:
        # jieba's dictionary (used for names after 我是/患者) loads in ~1 s: not on a patient's turn.
        from starlette.concurrency import run_in_threadpool

        from preconsult.privacy.pii import redact

        await run_in_threadpool(redact, "我是王小明")

    app.state.startup_hooks.append(_kiosk_tokens)
    app.state.startup_hooks.append(_warm_redaction)


def __getattr__(name: str) -> Any:
    if name == "router":
        from web.admin.routes import router

        return router
    raise AttributeError(name)
