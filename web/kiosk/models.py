"""The pharmacist handoff table on the gateway's `Base`: one request per kiosk conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from web.storage.models import Base, utcnow

__all__ = ["HANDOFF_STATUSES", "HandoffRequest"]

HANDOFF_STATUSES = ("open", "claimed", "handled")


class HandoffRequest(Base):
    """A customer (or the assistant) asked for the pharmacist: open -> claimed -> handled."""

    __tablename__ = "handoff_request"
    __table_args__ = (Index("ix_handoff_request_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_session.id", ondelete="CASCADE"), index=True
    )
    kiosk_id: Mapped[str | None] = mapped_column(String(64), index=True)
    pharmacy: Mapped[str | None] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(String(64))  # user_request | pharmacy.<decision> | bot
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | claimed | handled
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    handled_at: Mapped[datetime | None]
    handled_by: Mapped[str | None] = mapped_column(String(64))
