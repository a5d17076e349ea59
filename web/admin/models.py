"""Admin tables on the gateway's `Base`: staff accounts and sessions, annotations, audit log, kiosks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.storage.models import Base, utcnow

__all__ = ["ROLES", "AdminSession", "AdminUser", "Annotation", "AuditLog", "KioskDevice"]

ROLES = ("admin", "reviewer")
_ID = BigInteger().with_variant(Integer, "sqlite")


class AdminUser(Base):
    """A hospital or pharmacy staff account: `admin` (accounts, kiosks, purge) or `reviewer`."""

    __tablename__ = "admin_user"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))  # argon2id
    role: Mapped[str] = mapped_column(String(16))  # admin | reviewer
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AdminSession(Base):
    """A signed-in browser: the cookie holds a random token, only its SHA-256 is stored."""

    __tablename__ = "admin_session"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("admin_user.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)

    user: Mapped[AdminUser] = relationship()


class Annotation(Base):
    """A reviewer's verdict on one conversation: routing, urgency and answer right or wrong."""

    __tablename__ = "annotation"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_session.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("admin_user.id", ondelete="SET NULL")
    )
    reviewer: Mapped[str] = mapped_column(String(64))
    routing_correct: Mapped[bool | None]
    urgency_correct: Mapped[bool | None]
    answer_correct: Mapped[bool | None]
    correct_department: Mapped[str | None] = mapped_column(String(16))
    correct_urgency: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")  # PII-redacted
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AuditLog(Base):
    """Who did what to which record, and when: views, exports, annotations, purges, logins."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at_action", "at", "action"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("admin_user.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(64))  # username, or "cli"
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(String(128))
    detail: Mapped[dict[str, Any] | None]
    ip: Mapped[str | None] = mapped_column(String(64))


class KioskDevice(Base):
    """A pharmacy kiosk allowed to open kiosk sessions; only the token's SHA-256 is stored."""

    __tablename__ = "kiosk_device"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    pharmacy: Mapped[str] = mapped_column(String(128))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    last_seen_at: Mapped[datetime | None]
