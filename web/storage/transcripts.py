"""Transcript storage: sessions and their messages, written in order and idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from web.storage.db import Database
from web.storage.models import ChatSession, Message, SessionEvent, new_session_id, utcnow

__all__ = ["StoredMessage", "TranscriptStore"]


@dataclass(frozen=True)
class StoredMessage:
    seq: int
    sender: str
    kind: str
    text: str
    payload: dict[str, Any] | None
    client_id: str | None
    created_at: datetime
    delivered: bool

    def to_frame(self) -> dict[str, Any]:
        """The frame a client sees for this message when it (re)loads the conversation."""
        frame: dict[str, Any] = {
            "type": "bot" if self.kind == "text" else self.kind,
            "seq": self.seq,
        }
        if self.sender == "user":
            frame = {"type": "user", "seq": self.seq, "client_id": self.client_id}
        if self.text:
            frame["text"] = self.text
        if self.payload:
            frame.update({k: v for k, v in self.payload.items() if k in ("buttons", "data")})
        frame["ts"] = self.created_at.isoformat()
        return frame


def _stored(row: Message) -> StoredMessage:
    return StoredMessage(
        seq=row.seq,
        sender=row.sender,
        kind=row.kind,
        text=row.text,
        payload=row.payload,
        client_id=row.client_id,
        created_at=row.created_at,
        delivered=row.delivered,
    )


class TranscriptStore:
    """All reads and writes of conversations go through here (sync; called via a thread)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- sessions -------------------------------------------------------------------------
    def create_session(
        self, channel: str, locale: str, kiosk_id: str | None = None, pharmacy: str | None = None
    ) -> str:
        with self.db.session() as s:
            row = ChatSession(
                id=new_session_id(),
                channel=channel,
                locale=locale,
                kiosk_id=kiosk_id,
                pharmacy=pharmacy,
            )
            s.add(row)
            s.commit()
            return row.id

    def get_session(self, session_id: str) -> ChatSession | None:
        with self.db.session() as s:
            return s.get(ChatSession, session_id)

    def set_locale(self, session_id: str, locale: str) -> None:
        with self.db.session() as s:
            s.execute(update(ChatSession).where(ChatSession.id == session_id).values(locale=locale))
            s.commit()

    def end_session(self, session_id: str) -> None:
        with self.db.session() as s:
            s.execute(
                update(ChatSession).where(ChatSession.id == session_id).values(ended_at=utcnow())
            )
            s.commit()

    def record_result(self, session_id: str, kind: str, data: dict[str, Any]) -> None:
        """Keep the structured outcome on the session (triage summary, urgency, handoff)."""
        values: dict[str, Any] = {}
        urgency = data.get("urgency")
        if kind == "triage_result":
            values["summary"] = data
            departments = data.get("departments") or []
            values["department_code"] = departments[0].get("code") if departments else None
        if urgency:
            values["urgency"] = urgency
        if kind == "emergency" or data.get("red_flags"):
            values["red_flag"] = True
        if kind == "handoff" or data.get("kind") == "handoff":
            values["handoff"] = True
        if not values:
            return
        with self.db.session() as s:
            s.execute(update(ChatSession).where(ChatSession.id == session_id).values(**values))
            s.commit()

    def add_event(self, session_id: str, kind: str, data: dict[str, Any] | None = None) -> None:
        with self.db.session() as s:
            s.add(SessionEvent(session_id=session_id, kind=kind, data=data))
            s.commit()

    # -- messages -------------------------------------------------------------------------
    def add_user_message(
        self, session_id: str, client_id: str, text: str, payload: dict[str, Any] | None = None
    ) -> tuple[StoredMessage, bool]:
        """Store a user message once per client id. Returns (message, created)."""
        for _attempt in range(5):
            with self.db.session() as s:
                existing = s.scalar(
                    select(Message).where(
                        Message.session_id == session_id, Message.client_id == client_id
                    )
                )
                if existing is not None:
                    return _stored(existing), False
                try:
                    row = self._append(s, session_id, "user", "text", text, payload, client_id)
                    row.delivered = False
                    s.commit()
                except IntegrityError:  # a concurrent writer stored the same client id
                    s.rollback()
                    continue
                return _stored(row), True
        raise RuntimeError("could not store message after retries")

    def add_bot_message(
        self, session_id: str, kind: str, text: str, payload: dict[str, Any] | None = None
    ) -> StoredMessage:
        for _attempt in range(5):
            with self.db.session() as s:
                try:
                    row = self._append(s, session_id, "bot", kind, text, payload, None)
                    s.commit()
                except IntegrityError:
                    s.rollback()
                    continue
                return _stored(row)
        raise RuntimeError("could not store message after retries")

    def mark_delivered(self, session_id: str, seq: int) -> None:
        with self.db.session() as s:
            s.execute(
                update(Message)
                .where(Message.session_id == session_id, Message.seq == seq)
                .values(delivered=True)
            )
            s.commit()

    def undelivered(self, session_id: str) -> list[StoredMessage]:
        with self.db.session() as s:
            rows = s.scalars(
                select(Message)
                .where(
                    Message.session_id == session_id,
                    Message.sender == "user",
                    Message.delivered.is_(False),
                )
                .order_by(Message.seq)
            ).all()
            return [_stored(r) for r in rows]

    def messages(self, session_id: str, after_seq: int = 0) -> list[StoredMessage]:
        with self.db.session() as s:
            rows = s.scalars(
                select(Message)
                .where(Message.session_id == session_id, Message.seq > after_seq)
                .order_by(Message.seq)
            ).all()
            return [_stored(r) for r in rows]

    def last_seq(self, session_id: str) -> int:
        with self.db.session() as s:
            return int(
                s.scalar(select(func.max(Message.seq)).where(Message.session_id == session_id)) or 0
            )

    @staticmethod
    def _append(
        s: Session,
        session_id: str,
        sender: str,
        kind: str,
        text: str,
        payload: dict[str, Any] | None,
        client_id: str | None,
    ) -> Message:
        """Append a message; the session row's counter (updated first, so it is locked until
        commit on PostgreSQL and SQLite alike) gives a gapless per-session seq."""
        seq = s.execute(
            update(ChatSession)
            .where(ChatSession.id == session_id)
            .values(message_count=ChatSession.message_count + 1, updated_at=utcnow())
            .returning(ChatSession.message_count)
        ).scalar_one()
        row = Message(
            session_id=session_id,
            seq=int(seq),
            sender=sender,
            kind=kind,
            text=text,
            payload=payload,
            client_id=client_id,
        )
        s.add(row)
        s.flush()
        return row
