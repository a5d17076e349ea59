"""Write and read the audit log: every view, export, annotation, purge and sign-in, with who and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.admin.models import AuditLog

__all__ = ["record", "recent"]


def record(
    db: Session,
    action: str,
    *,
    actor: str,
    actor_id: int | None = None,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
    commit: bool = True,
) -> None:
    db.add(
        AuditLog(action=action, actor=actor, actor_id=actor_id, target=target, detail=detail, ip=ip)
    )
    if commit:
        db.commit()


def recent(
    db: Session, *, page: int = 1, page_size: int = 100, action: str | None = None
) -> tuple[list[AuditLog], int]:
    query = select(AuditLog)
    if action:
        query = query.where(AuditLog.action == action)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.scalars(
        query.order_by(AuditLog.id.desc()).offset((page - 1) * page_size).limit(page_size)
    ).all()
    return list(rows), total
