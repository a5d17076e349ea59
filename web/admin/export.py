"""CSV and JSONL export of a filtered set of transcripts (already PII-redacted when stored)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from web.admin.queries import TranscriptFilter, iter_filtered
from web.storage.models import ChatSession

__all__ = ["CSV_COLUMNS", "csv_lines", "jsonl_lines", "session_record"]

CSV_COLUMNS = (
    "session_id",
    "created_at",
    "channel",
    "locale",
    "kiosk_id",
    "pharmacy",
    "urgency",
    "department",
    "red_flag",
    "handoff",
    "message_count",
    "transcript",
)
_SPEAKER = {"user": "患者", "bot": "助手", "system": "系统"}


def session_record(s: ChatSession) -> dict[str, Any]:
    return {
        "session_id": s.id,
        "created_at": s.created_at.isoformat(),
        "channel": s.channel,
        "locale": s.locale,
        "kiosk_id": s.kiosk_id,
        "pharmacy": s.pharmacy,
        "urgency": s.urgency,
        "department": s.department_code,
        "red_flag": s.red_flag,
        "handoff": s.handoff,
        "message_count": s.message_count,
        "summary": s.summary,
        "messages": [
            {
                "seq": m.seq,
                "sender": m.sender,
                "kind": m.kind,
                "text": m.text,
                "data": (m.payload or {}).get("data"),
                "created_at": m.created_at.isoformat(),
            }
            for m in s.messages
        ],
    }


def _transcript(s: ChatSession) -> str:
    return "\n".join(f"{_SPEAKER.get(m.sender, m.sender)}: {m.text}" for m in s.messages if m.text)


def csv_lines(db: Session, f: TranscriptFilter, counter: list[int]) -> Iterator[str]:
    """CSV text, one session per row, with a UTF-8 BOM so spreadsheet apps read the Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for s in iter_filtered(db, f):
        buffer.seek(0)
        buffer.truncate()
        record = session_record(s)
        record["transcript"] = _transcript(s)
        writer.writerow(["" if record[c] is None else record[c] for c in CSV_COLUMNS])
        counter[0] += 1
        yield buffer.getvalue()


def jsonl_lines(db: Session, f: TranscriptFilter, counter: list[int]) -> Iterator[str]:
    for s in iter_filtered(db, f):
        counter[0] += 1
        yield json.dumps(session_record(s), ensure_ascii=False) + "\n"
