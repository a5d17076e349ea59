"""The production database path: the same Alembic migrations and transcript store on PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, inspect

from web.storage.db import Database
from web.storage.migrate import upgrade
from web.storage.transcripts import BotDraft, TranscriptStore


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


@pytest.fixture
def pg_store(postgres_url) -> Iterator[TranscriptStore]:
    upgrade(postgres_url)
    store = TranscriptStore(Database(postgres_url))
    yield store
    store.db.dispose()


def _admin(postgres_url: str) -> psycopg.Connection[Any]:
    admin_url = postgres_url.rsplit("/", 1)[0] + "/postgres"
    return psycopg.connect(admin_url, autocommit=True)


def _terminate(admin: psycopg.Connection[Any], database: str, pid: int | None = None) -> None:
    """What a server restart does to the gateway's pooled connections; waits until they are gone."""
    where = "datname = %s AND pid <> pg_backend_pid()" + (" AND pid = %s" if pid else "")
    params: tuple[Any, ...] = (database, pid) if pid else (database,)
    admin.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {where}", params)
    for _ in range(100):
        if not admin.execute(f"SELECT 1 FROM pg_stat_activity WHERE {where}", params).fetchone():
            return
        time.sleep(0.02)
    raise TimeoutError("backends did not exit")


def test_a_server_side_failure_stores_nothing_of_the_turn(pg_store) -> None:
    """The turn is one statement: when PostgreSQL refuses its last message, the other messages,
    the session's counter and results and the delivered flag are not stored either."""
    sid = pg_store.create_session("web", "zh-CN")
    user, _ = pg_store.add_user_message(sid, "c1", "胸口疼")
    result = {"urgency": "emergency", "red_flags": [{"id": "chest_pain"}]}
    drafts = [
        BotDraft("emergency", "请立即拨打120", {"data": result}, result=result),
        BotDraft("x" * 40, "kind is longer than its column"),  # refused by the server
    ]
    with pytest.raises(Exception, match="too long"):
        pg_store.add_bot_messages(sid, drafts, delivered_seq=user.seq)
    assert [m.seq for m in pg_store.messages(sid)] == [1]
    assert [m.seq for m in pg_store.undelivered(sid)] == [1]
    row = pg_store.get_session(sid)
    assert row.message_count == 1 and row.urgency is None and not row.red_flag


def test_pooled_connections_closed_by_a_restart_cost_no_turn(pg_store, postgres_url) -> None:
    """The pool notices connections the server closed before using them (no SELECT 1 per turn)."""
    sid = pg_store.create_session("web", "zh-CN")
    with ThreadPoolExecutor(max_workers=4) as pool:  # several connections in the pool
        list(pool.map(lambda i: pg_store.add_user_message(sid, f"w{i}", "你好"), range(8)))
    with _admin(postgres_url) as admin:
        _terminate(admin, postgres_url.rsplit("/", 1)[1])
    # bot messages first: their write is not retried, so only the checkout check saves it
    [bot] = pg_store.add_bot_messages(sid, [BotDraft("text", "请问哪里不舒服？")], delivered_seq=8)
    user, created = pg_store.add_user_message(sid, "c1", "头疼")
    assert created and (bot.seq, user.seq) == (9, 10)
    assert 8 not in [m.seq for m in pg_store.undelivered(sid)]


def test_a_connection_lost_after_checkout_is_retried_once(pg_store, postgres_url) -> None:
    """A connection that dies between checkout and its statement fails that statement; the user
    message is stored by a retry on a new connection (safe: idempotent by client id)."""
    sid = pg_store.create_session("web", "zh-CN")
    pg_store.add_user_message(sid, "c0", "你好")
    killed: list[int] = []
    admin = _admin(postgres_url)

    def kill_once(dbapi_connection, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
        if not killed:
            killed.append(dbapi_connection.info.backend_pid)
            _terminate(admin, postgres_url.rsplit("/", 1)[1], killed[0])

    event.listen(pg_store.db.engine, "checkout", kill_once)
    try:
        message, created = pg_store.add_user_message(sid, "c1", "发烧")
    finally:
        event.remove(pg_store.db.engine, "checkout", kill_once)
        admin.close()
    assert killed and created and message.seq == 2
    assert [(m.client_id, m.seq) for m in pg_store.messages(sid)] == [("c0", 1), ("c1", 2)]
