"""Pharmacist handoff requests in the database: create (once per conversation), claim, handle, list.

Sync functions over a SQLAlchemy ``Session`` (the web layer calls them in a worker thread). A
handoff as shown to staff carries the conversation so far, read from the stored (PII-redacted)
transcript.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.kiosk.models import HandoffRequest
from web.storage.models import ChatSession, Message, utcnow

__all__ = [
    "ACTIVE",
    "HandoffConflict",
    "active_handoffs",
    "claim_handoff",
    "handle_handoff",
    "handoff_dict",
    "latest_for_session",
    "open_handoff",
    "transcript",
]

ACTIVE = ("open", "claimed")
TRANSCRIPT_LIMIT = 40  # newest messages shown to the pharmacist


class HandoffConflict(Exception):
    """The handoff is not in a state that allows this step (e.g. already handled)."""


def open_handoff(db: Session, session_id: str, reason: str) -> tuple[HandoffRequest, bool] | None:
    """The conversation's active handoff, creating it if there is none. (row, created), or None
    when the conversation does not exist."""
    chat = db.get(ChatSession, session_id)
    if chat is None:
        return None
    existing = db.scalar(
        select(HandoffRequest)
        .where(HandoffRequest.session_id == session_id, HandoffRequest.status.in_(ACTIVE))
        .order_by(HandoffRequest.id.desc())
    )
    if existing is not None:
        return existing, False
    row = HandoffRequest(
        session_id=session_id,
        kiosk_id=chat.kiosk_id,
        pharmacy=chat.pharmacy,
        reason=reason[:64],
        status="open",
    )
    db.add(row)
    chat.handoff = True
    db.commit()
    return row, True


def latest_for_session(db: Session, session_id: str) -> HandoffRequest | None:
    return db.scalar(
        select(HandoffRequest)
        .where(HandoffRequest.session_id == session_id)
        .order_by(HandoffRequest.id.desc())
    )


def claim_handoff(db: Session, handoff_id: int, staff: str) -> HandoffRequest | None:
    row = db.get(HandoffRequest, handoff_id)
    if row is None:
        return None
    if row.status != "open":
        raise HandoffConflict(row.status)
    row.status, row.claimed_by, row.claimed_at = "claimed", staff, utcnow()
    db.commit()
    return row


def handle_handoff(db: Session, handoff_id: int, staff: str) -> HandoffRequest | None:
    row = db.get(HandoffRequest, handoff_id)
    if row is None:
        return None
    if row.status == "handled":
        raise HandoffConflict(row.status)
    row.status, row.handled_by, row.handled_at = "handled", staff, utcnow()
    if row.claimed_by is None:
        row.claimed_by, row.claimed_at = staff, row.handled_at
    db.commit()
    return row


def active_handoffs(db: Session, limit: int = 100) -> list[HandoffRequest]:
    rows = db.scalars(
        select(HandoffRequest)
        .where(HandoffRequest.status.in_(ACTIVE))
        .order_by(HandoffRequest.created_at)
        .limit(limit)
    ).all()
    return list(rows)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _line(message: Message) -> dict[str, Any] | None:
    text = message.text
    data = (message.payload or {}).get("data") or {}
    if not text and isinstance(data, dict):
        text = str(data.get("answer") or data.get("text") or "")
    if not text:
        return None
    return {"seq": message.seq, "sender": message.sender, "kind": message.kind, "text": text}


def transcript(db: Session, session_id: str) -> list[dict[str, Any]]:
    rows = db.scalars(
        select(Message)
        .where(Message.session_id == session_id)
        .order_by(Message.seq.desc())
        .limit(TRANSCRIPT_LIMIT)
    ).all()
    lines = (_line(m) for m in reversed(rows))
    return [line for line in lines if line is not None]


def handoff_dict(
    db: Session, row: HandoffRequest, *, with_transcript: bool = True
) -> dict[str, Any]:
    """A handoff as JSON for the staff queue (and the bus between gateways)."""
    data: dict[str, Any] = {
        "id": row.id,
        "session_id": row.session_id,
        "kiosk_id": row.kiosk_id,
        "pharmacy": row.pharmacy,
        "reason": row.reason,
        "status": row.status,
        "created_at": _iso(row.created_at),
        "claimed_by": row.claimed_by,
        "claimed_at": _iso(row.claimed_at),
        "handled_by": row.handled_by,
        "handled_at": _iso(row.handled_at),
    }
    if with_transcript:
        data["transcript"] = transcript(db, row.session_id)
    return data
