"""Dashboard numbers: conversations per day, by channel, urgency and department, flags, accuracy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from web.admin.models import Annotation
from web.storage.models import ChatSession

__all__ = ["Dashboard", "dashboard"]


@dataclass
class Dashboard:
    since: date
    until: date
    total: int = 0
    per_day: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_urgency: list[tuple[str, int]] = field(default_factory=list)
    by_department: list[tuple[str, int]] = field(default_factory=list)
    red_flags: int = 0
    handoffs: int = 0
    annotated: int = 0
    accuracy: dict[str, tuple[int, int]] = field(default_factory=dict)  # field -> (right, judged)

    def to_api(self) -> dict[str, object]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "total": self.total,
            "per_day": dict(self.per_day),
            "by_channel": dict(self.by_channel),
            "by_urgency": dict(self.by_urgency),
            "by_department": dict(self.by_department),
            "red_flags": self.red_flags,
            "handoffs": self.handoffs,
            "annotated": self.annotated,
            "accuracy": {
                k: (right / judged if judged else None)
                for k, (right, judged) in self.accuracy.items()
            },
        }


def dashboard(db: Session, days: int = 30, today: date | None = None) -> Dashboard:
    until = today or datetime.now(UTC).date()
    since = until - timedelta(days=days - 1)
    start = datetime.combine(since, time.min, tzinfo=UTC)
    in_window = ChatSession.created_at >= start
    result = Dashboard(since=since, until=until)

    day = func.substr(cast(ChatSession.created_at, String), 1, 10)
    counts: dict[str, int] = dict(
        db.execute(select(day, func.count()).where(in_window).group_by(day)).all()
    )
    result.per_day = [
        (
            (since + timedelta(days=i)).isoformat(),
            int(counts.get((since + timedelta(days=i)).isoformat(), 0)),
        )
        for i in range(days)
    ]

    def grouped(column: Any) -> list[tuple[str, int]]:
        rows = db.execute(
            select(column, func.count())
            .where(in_window)
            .group_by(column)
            .order_by(func.count().desc())
        ).all()
        return [(str(key) if key is not None else "-", int(n)) for key, n in rows]

    result.by_channel = grouped(ChatSession.channel)
    result.by_urgency = grouped(ChatSession.urgency)
    result.by_department = grouped(ChatSession.department_code)[:10]
    result.total = sum(n for _k, n in result.by_channel)
    result.red_flags = (
        db.scalar(select(func.count()).where(in_window, ChatSession.red_flag.is_(True))) or 0
    )
    result.handoffs = (
        db.scalar(select(func.count()).where(in_window, ChatSession.handoff.is_(True))) or 0
    )

    judged = (
        select(Annotation)
        .join(ChatSession, ChatSession.id == Annotation.session_id)
        .where(in_window)
    )
    annotations = db.scalars(judged).all()
    result.annotated = len({a.session_id for a in annotations})
    for name in ("routing_correct", "urgency_correct", "answer_correct"):
        values = [getattr(a, name) for a in annotations if getattr(a, name) is not None]
        result.accuracy[name] = (sum(1 for v in values if v), len(values))
    return result
