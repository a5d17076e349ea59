"""The production database path: the same Alembic migrations and transcript store on PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import inspect

from web.storage.db import Database
from web.storage.migrate import upgrade
from web.storage.transcripts import TranscriptStore


def test_migrations_create_every_table_on_postgres(postgres_url) -> None:
    upgrade(postgres_url)
    db = Database(postgres_url)
    tables = set(inspect(db.engine).get_table_names())
    assert {"chat_session", "message", "session_event", "alembic_version"} <= tables
    upgrade(postgres_url)  # idempotent
    db.dispose()


def test_concurrent_writers_keep_one_gapless_order(postgres_url) -> None:
    """Two gateways writing to one session never lose or duplicate a message."""
    upgrade(postgres_url)
    store = TranscriptStore(Database(postgres_url))
    sid = store.create_session("web", "zh-CN")

    def write(i: int) -> int:
        message, _ = store.add_user_message(sid, f"c{i}", f"消息{i}")
        return message.seq

    with ThreadPoolExecutor(max_workers=8) as pool:
        seqs = list(pool.map(write, range(40)))
    assert sorted(seqs) == list(range(1, 41))
    assert [m.text for m in store.messages(sid)] == [
        f"消息{i}" for i in sorted(range(40), key=lambda i: seqs[i])
    ]
    again, created = store.add_user_message(sid, "c3", "消息3")
    assert not created and again.seq == seqs[3]
    store.db.dispose()
