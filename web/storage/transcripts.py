"""Transcript storage: sessions and their messages, written in order and idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, NoResultFound

from web.storage import pg_turns
from web.storage.db import Database
from web.storage.models import ChatSession, Message, SessionEvent, new_session_id, utcnow

__all__ = ["BotDraft", "StoredMessage", "TranscriptStore", "result_values"]


@dataclass(frozen=True)
class BotDraft:
    """A bot message about to be stored; ``result`` is a structured outcome kept on the session."""

    kind: str
    text: str
    payload: dict[str, Any] | None = None
    result: dict[str, Any] | None = None


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


def _stored(row: Any) -> StoredMessage:
    """A stored message from an ORM object or a Core row of the message columns."""
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


_MESSAGE_COLUMNS = (
    Message.seq,
    Message.sender,
    Message.kind,
    Message.text,
    Message.payload,
    Message.client_id,
    Message.created_at,
    Message.delivered,
)

# the statements of a turn, built once (building SQLAlchemy expressions costs more than running them)
_BY_CLIENT_ID = select(*_MESSAGE_COLUMNS).where(
    Message.session_id == bindparam("p_session"), Message.client_id == bindparam("p_client")
)
_MARK_DELIVERED = (
    update(Message)
    .where(Message.session_id == bindparam("p_session"), Message.seq == bindparam("p_seq"))
    .values(delivered=True)
)
_BUMP_COUNTER = (
    update(ChatSession)
    .where(ChatSession.id == bindparam("p_session"))
    .values(
        message_count=ChatSession.message_count + bindparam("p_count"),
        updated_at=bindparam("p_now"),
    )
    .returning(ChatSession.message_count)
)
_INSERT_MESSAGE = insert(Message)


class TranscriptStore:
    """All reads and writes of conversations go through here (sync; called via a thread)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # PostgreSQL writes a turn in one statement each (pg_turns); SQLite in a short transaction
        self._one_statement = db.engine.dialect.name == "postgresql"

    # -- sessions -------------------------------------------------------------------------
    def create_session(
        self, channel: str, locale: str, kiosk_id: str | None = None, pharmacy: str | None = None
    ) -> str:
        with self.db.write() as s:
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
        with self.db.write() as s:
            s.execute(update(ChatSession).where(ChatSession.id == session_id).values(locale=locale))
            s.commit()

    def end_session(self, session_id: str) -> None:
        with self.db.write() as s:
            s.execute(
                update(ChatSession).where(ChatSession.id == session_id).values(ended_at=utcnow())
            )
            s.commit()

    def add_event(self, session_id: str, kind: str, data: dict[str, Any] | None = None) -> None:
        with self.db.write() as s:
            s.add(SessionEvent(session_id=session_id, kind=kind, data=data))
            s.commit()

    # -- messages -------------------------------------------------------------------------
    def add_user_message(
        self, session_id: str, client_id: str, text: str, payload: dict[str, Any] | None = None
    ) -> tuple[StoredMessage, bool]:
        """Store a user message once per client id. Returns (message, created).

        A connection lost mid-write is retried once (the pool has dropped the dead connections by
        then); should the lost attempt have committed, the retry finds its row (created=False)."""
        for attempt in range(5):
            try:
                if self._one_statement:
                    return self._add_user_message_pg(session_id, client_id, text, payload)
                with self.db.transaction() as conn:
                    existing = conn.execute(
                        _BY_CLIENT_ID, {"p_session": session_id, "p_client": client_id}
                    ).first()
                    if existing is not None:
                        return _stored(existing), False
                    [stored] = self._insert(
                        conn, session_id, [("user", "text", text, payload, client_id)], False
                    )
                    return stored, True
            except IntegrityError:  # a concurrent writer stored the same client id
                continue
            except DBAPIError as exc:  # a pooled connection the server had closed: once more
                if exc.connection_invalidated and attempt == 0:
                    continue
                raise
        raise RuntimeError("could not store message after retries")

    def _add_user_message_pg(
        self, session_id: str, client_id: str, text: str, payload: dict[str, Any] | None
    ) -> tuple[StoredMessage, bool]:
        """Insert first (a resend is rare); look the row up only when the client id is taken."""
        now = utcnow()
        with self.db.autocommit() as conn:
            try:
                seq = conn.execute(
                    pg_turns.USER_MESSAGE,
                    {
                        "p_session": session_id,
                        "p_now": now,
                        "p_text": text,
                        "p_payload": payload,
                        "p_client": client_id,
                    },
                ).scalar_one()
            except IntegrityError:
                existing = conn.execute(
                    _BY_CLIENT_ID, {"p_session": session_id, "p_client": client_id}
                ).first()
                if existing is None:
                    raise
                return _stored(existing), False
        stored = StoredMessage(
            seq=int(seq),
            sender="user",
            kind="text",
            text=text,
            payload=payload,
            client_id=client_id,
            created_at=now,
            delivered=False,
        )
        return stored, True

    def add_bot_messages(
        self, session_id: str, drafts: list[BotDraft], *, delivered_seq: int | None = None
    ) -> list[StoredMessage]:
        """Store one turn in one transaction: the bot's messages in order, the outcomes they carry
        on the session, and (``delivered_seq``) the user message they answer marked delivered."""
        values: dict[str, Any] = {}
        for draft in drafts:
            if draft.result is not None:
                values.update(result_values(draft.kind, draft.result))
        if self._one_statement:
            return self._add_bot_messages_pg(session_id, drafts, values, delivered_seq)
        for _attempt in range(5):
            try:
                with self.db.transaction() as conn:
                    if delivered_seq is not None:
                        conn.execute(
                            _MARK_DELIVERED, {"p_session": session_id, "p_seq": delivered_seq}
                        )
                    stored = self._insert(
                        conn,
                        session_id,
                        [("bot", d.kind, d.text, d.payload, None) for d in drafts],
                        True,
                        session_values=values,
                    )
                    return stored
            except IntegrityError:
                continue
        raise RuntimeError("could not store messages after retries")

    def _add_bot_messages_pg(
        self,
        session_id: str,
        drafts: list[BotDraft],
        values: dict[str, Any],
        delivered_seq: int | None,
    ) -> list[StoredMessage]:
        """One statement: nothing to retry on a seq conflict (the counter is locked), and not
        retried on a lost connection (the turn may have been stored; the chat forwards the user
        message again, which is the safe side)."""
        keys = tuple(sorted(values))
        statement = pg_turns.bot_messages(len(drafts), keys, delivered_seq is not None)
        now = utcnow()
        params: dict[str, Any] = {"p_session": session_id, "p_now": now, "p_count": len(drafts)}
        params.update({f"v_{key}": values[key] for key in keys})
        if delivered_seq is not None:
            params["p_seq"] = delivered_seq
        for i, draft in enumerate(drafts):
            params.update(
                {
                    f"p_kind_{i}": draft.kind,
                    f"p_text_{i}": draft.text,
                    f"p_payload_{i}": draft.payload,
                }
            )
        with self.db.autocommit() as conn:
            seqs = conn.execute(statement, params).scalars().all()
        if not seqs:
            raise NoResultFound(f"no session {session_id[:8]}")
        if not drafts:
            return []
        first = min(seqs)
        return [
            StoredMessage(
                seq=first + i,
                sender="bot",
                kind=draft.kind,
                text=draft.text,
                payload=draft.payload,
                client_id=None,
                created_at=now,
                delivered=True,
            )
            for i, draft in enumerate(drafts)
        ]

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
    def _insert(
        conn: Connection,
        session_id: str,
        items: list[tuple[str, str, str, dict[str, Any] | None, str | None]],
        delivered: bool,
        *,
        session_values: dict[str, Any] | None = None,
    ) -> list[StoredMessage]:
        """Append messages; the session row's counter (updated first, so it is locked until
        commit on PostgreSQL and SQLite alike) gives a gapless per-session seq."""
        now = utcnow()
        last = conn.execute(
            _BUMP_COUNTER, {"p_session": session_id, "p_count": len(items), "p_now": now}
        ).scalar_one()
        if session_values:
            conn.execute(
                update(ChatSession).where(ChatSession.id == session_id).values(**session_values)
            )
        first = int(last) - len(items) + 1
        stored = [
            StoredMessage(
                seq=first + i,
                sender=sender,
                kind=kind,
                text=text,
                payload=payload,
                client_id=client_id,
                created_at=now,
                delivered=delivered,
            )
            for i, (sender, kind, text, payload, client_id) in enumerate(items)
        ]
        if stored:
            conn.execute(
                _INSERT_MESSAGE,
                [
                    {
                        "session_id": session_id,
                        "seq": m.seq,
                        "sender": m.sender,
                        "kind": m.kind,
                        "text": m.text,
                        "payload": m.payload,
                        "client_id": m.client_id,
                        "created_at": now,
                        "delivered": delivered,
                    }
                    for m in stored
                ],
            )
        return stored


def result_values(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The session columns a structured outcome sets (triage summary, urgency, red flag, handoff)."""
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
    return values
