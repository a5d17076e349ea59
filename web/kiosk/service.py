"""The handoff service of one gateway: turns kiosk frames into handoff requests, claims and
handles them (with an audit entry), and announces every change on the handoff bus."""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool

from web.chat import Conversation
from web.kiosk import handoffs
from web.kiosk.bus import HandoffBus
from web.storage.db import Database

__all__ = ["REQUEST_HUMAN", "HandoffService", "handoff_reason"]

log = logging.getLogger(__name__)

REQUEST_HUMAN = "/request_human"


def handoff_reason(frame: dict[str, Any]) -> str | None:
    """Why this stored frame asks for the pharmacist, or None when it does not."""
    kind = frame.get("type")
    if kind == "user":
        payload = str(frame.get("payload") or "")
        return "user_request" if payload.startswith(REQUEST_HUMAN) else None
    raw = frame.get("data")
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if kind == "handoff":
        return str(data.get("reason") or "bot")
    if kind == "answer" and data.get("kind") == "handoff":
        decisions = [g for g in data.get("guardrails") or [] if str(g).startswith("pharmacy.")]
        return str(decisions[0]) if decisions else "bot"
    return None


class HandoffService:
    def __init__(self, db: Database, bus: HandoffBus) -> None:
        self.db = db
        self.bus = bus

    # -- creating ---------------------------------------------------------------------------
    async def on_frame(self, conv: Conversation, frame: dict[str, Any]) -> None:
        """ChatService frame hook: kiosk conversations asking for the pharmacist get a handoff."""
        if conv.channel != "kiosk":
            return
        reason = handoff_reason(frame)
        if reason is not None:
            await self.request(conv.session_id, reason)

    async def request(self, session_id: str, reason: str) -> dict[str, Any] | None:
        """Open (or find) the conversation's handoff; a new one is announced to staff."""

        def work() -> tuple[dict[str, Any], bool] | None:
            with self.db.session() as s:
                found = handoffs.open_handoff(s, session_id, reason)
                if found is None:
                    return None
                row, created = found
                return handoffs.handoff_dict(s, row), created

        result = await run_in_threadpool(work)
        if result is None:
            return None
        data, created = result
        if created:
            log.info("handoff %s opened (%s)", data["id"], reason)
            await self.bus.publish({"event": "created", "handoff": data})
        return data

    # -- staff ------------------------------------------------------------------------------
    async def change(
        self, handoff_id: int, action: str, *, staff: str, staff_id: int, ip: str | None
    ) -> dict[str, Any] | None:
        """``claim`` or ``handle`` a handoff; raises HandoffConflict when the step is not allowed."""
        from web.admin import audit

        step = handoffs.claim_handoff if action == "claim" else handoffs.handle_handoff

        def work() -> dict[str, Any] | None:
            with self.db.session() as s:
                row = step(s, handoff_id, staff)
                if row is None:
                    return None
                audit.record(
                    s,
                    f"handoff_{action}",
                    actor=staff,
                    actor_id=staff_id,
                    target=f"handoff:{handoff_id}",
                    detail={"session_id": row.session_id, "kiosk_id": row.kiosk_id},
                    ip=ip,
                )
                return handoffs.handoff_dict(s, row)

        data = await run_in_threadpool(work)
        if data is not None:
            await self.bus.publish({"event": "updated", "handoff": data})
        return data

    async def active(self) -> list[dict[str, Any]]:
        def work() -> list[dict[str, Any]]:
            with self.db.session() as s:
                return [handoffs.handoff_dict(s, row) for row in handoffs.active_handoffs(s)]

        return await run_in_threadpool(work)

    async def status_for_session(self, session_id: str) -> dict[str, Any] | None:
        def work() -> dict[str, Any] | None:
            with self.db.session() as s:
                row = handoffs.latest_for_session(s, session_id)
                return handoffs.handoff_dict(s, row, with_transcript=False) if row else None

        return await run_in_threadpool(work)
