"""Retention: delete conversations older than a cut-off, with everything attached, and audit it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from web.admin import audit
from web.admin.models import Annotation
from web.storage.models import ChatSession, Message, SessionEvent

__all__ = ["purge_before"]


def purge_before(
    db: Session, cutoff: datetime, *, dry_run: bool = False, actor: str = "cli", batch: int = 1000
) -> int:
    """Delete sessions created before ``cutoff`` (returns how many); dry_run only counts them."""
    old = ChatSession.created_at < cutoff
    if dry_run:
        return db.scalar(select(func.count()).where(old)) or 0
    deleted = 0
    while True:
        ids = list(db.scalars(select(ChatSession.id).where(old).limit(batch)).all())
        if not ids:
            break
        # Explicit child deletes: correct even where the database does not cascade.
        for model in (Message, SessionEvent, Annotation):
            db.execute(delete(model).where(model.session_id.in_(ids)))
        db.execute(delete(ChatSession).where(ChatSession.id.in_(ids)))
        db.commit()
        deleted += len(ids)
    audit.record(
        db, "purge", actor=actor, detail={"before": cutoff.isoformat(), "sessions": deleted}
    )
    return deleted
