"""Pharmacy kiosk: the /kiosk page and the pharmacist handoff (live staff queue across gateways).

``router`` is built on first access so that importing ``web.kiosk.models`` (Alembic) stays light;
``install(app)`` wires the handoff service into the gateway's start-up and shutdown.
"""

from __future__ import annotations

from typing import Any

__all__ = ["install", "router"]


def install(app: Any) -> None:
    """Called by the gateway after mounting ``router``."""

    async def start(app: Any) -> None:
        from web.kiosk.bus import make_bus
        from web.kiosk.service import HandoffService

        bus = make_bus(app.state.settings.redis_url)
        await bus.start()
        service = HandoffService(app.state.db, bus)
        app.state.handoffs = service
        app.state.chat.frame_hooks.append(service.on_frame)

    async def stop(app: Any) -> None:
        service = getattr(app.state, "handoffs", None)
        if service is not None:
            await service.bus.close()

    app.state.startup_hooks.append(start)
    if hasattr(app.state, "shutdown_hooks"):
        app.state.shutdown_hooks.append(stop)


def __getattr__(name: str) -> Any:
    if name == "router":
        from web.kiosk.routes import router

        return router
    raise AttributeError(name)
