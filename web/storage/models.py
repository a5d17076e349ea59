"""Typed SQLAlchemy 2 models of what the gateway stores: sessions, messages and session events."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["Base", "ChatSession", "Message", "SessionEvent", "new_session_id", "utcnow"]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, datetime: DateTime(timezone=True)}


class ChatSession(Base):
    """One conversation: a patient on the web chat or a customer at a kiosk."""

    __tablename__ = "chat_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), index=True)  # web | kiosk
    locale: Mapped[str] = mapped_column(String(8))
    kiosk_id: Mapped[str | None] = mapped_column(String(64), index=True)
    pharmacy: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    ended_at: Mapped[datetime | None]
    # Filled from the bot's structured results (triage_result / answer / handoff frames).
    urgency: Mapped[str | None] = mapped_column(String(32), index=True)
    department_code: Mapped[str | None] = mapped_column(String(16), index=True)
    red_flag: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    handoff: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    summary: Mapped[dict[str, Any] | None]
    message_count: Mapped[int] = mapped_column(Integer, default=0)

    messages: Mapped[list[Message]] = relationship(
        back_populates="session", order_by="Message.seq", cascade="all, delete-orphan"
    )
    events: Mapped[list[SessionEvent]] = relationship(
        back_populates="session", order_by="SessionEvent.id", cascade="all, delete-orphan"
    )


class Message(Base):
    """One user or bot message, stored after PII redaction, in conversation order."""

    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("session_id", "client_id", name="uq_message_session_client"),
        Index("ix_message_session_seq", "session_id", "seq", unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("chat_session.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str] = mapped_column(String(8))  # user | bot | system
    client_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32), default="text")  # text | triage_result | ...
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # user messages: has Rasa answered it yet (False while Rasa is down)
    delivered: Mapped[bool] = mapped_column(Boolean, default=True)

    session: Mapped[ChatSession] = relationship(back_populates="messages")


class SessionEvent(Base):
    """Something that happened in a session besides messages: fallback, guardrail, handoff, red flag."""

    __tablename__ = "session_event"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_session.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32), index=True)
    data: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[ChatSession] = relationship(back_populates="events")


def new_session_id() -> str:
    """An unguessable session id (192 bits)."""
    return secrets.token_urlsafe(24)
