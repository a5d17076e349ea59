"""Stable answers: the same normalised question on the same knowledge gets the same reply.

Extractive answers are deterministic by construction; LLM answers are not, so the first reply
to a question is kept (in memory, and on disk when a path is given) and replayed afterwards.
Keys include the knowledge version, so editing the articles starts afresh.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

from preconsult.answers.models import Reply

__all__ = ["ReplyCache"]


class ReplyCache:
    """An LRU of replies, optionally backed by a small SQLite file."""

    def __init__(self, path: Path | None = None, size: int = 4096) -> None:
        self._memory: OrderedDict[str, Reply] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, reply TEXT)"
            )
            self._db.commit()

    @staticmethod
    def key(*parts: str) -> str:
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def get(self, key: str) -> Reply | None:
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
            if self._db is None:
                return None
            row = self._db.execute("SELECT reply FROM replies WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        reply = Reply.model_validate(json.loads(row[0]))
        self._remember(key, reply)
        return reply

    def put(self, key: str, reply: Reply) -> Reply:
        """Store ``reply`` unless another thread stored one first; return the one kept."""
        existing = self.get(key)
        if existing is not None:
            return existing
        self._remember(key, reply)
        if self._db is not None:
            with self._lock:
                self._db.execute(
                    "INSERT OR IGNORE INTO replies (key, reply) VALUES (?, ?)",
                    (key, json.dumps(reply.to_api(), ensure_ascii=False)),
                )
                self._db.commit()
        return reply

    def _remember(self, key: str, reply: Reply) -> None:
        with self._lock:
            self._memory[key] = reply
            while len(self._memory) > self._size:
                self._memory.popitem(last=False)
