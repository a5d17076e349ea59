"""Shared fixtures: a migrated temporary database, gateway settings, and the real running system
(action server, rasa, gateway) started once per run for integration and browser tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from preconsult.cli.launcher import MODEL, Stack
from web.settings import Settings
from web.storage.migrate import upgrade


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings(environment="test", data_dir=tmp_path, rasa_url="http://rasa.invalid:5005")
    upgrade(s.effective_database_url)
    return s


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained Rasa model: run `make train` first (make test does)")
    data_dir: Path = tmp_path_factory.mktemp("system")
    system = Stack.on_free_ports(data_dir, {"PRECONSULT_ENVIRONMENT": "test"})
    try:
        system.start(timeout=300)
        yield system
    finally:
        system.stop()


class Client:
    """A WebSocket chat client that reads frames until the bot's turn is over."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.frames: list[dict[str, Any]] = []
        self.session = self.recv()
        self.counter = 0

    def recv(self, timeout: float = 60) -> dict[str, Any]:
        frame = json.loads(self.ws.recv(timeout=timeout))
        self.frames.append(frame)
        return frame

    def say(self, text: str, payload: str | None = None) -> list[dict[str, Any]]:
        self.counter += 1
        frame: dict[str, Any] = {"type": "message", "client_id": f"c{self.counter}", "text": text}
        if payload:
            frame["payload"] = payload
        self.ws.send(json.dumps(frame, ensure_ascii=False))
        return self.until_idle()

    def until_idle(self, timeout: float = 60) -> list[dict[str, Any]]:
        got = []
        while True:
            frame = self.recv(timeout)
            got.append(frame)
            if frame == {"type": "typing", "on": False}:
                return got


@pytest.fixture
def chat(stack: Stack):
    def open_chat(**params: str) -> Client:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        ws = connect(
            f"ws://127.0.0.1:{stack.gateway_port}/ws?{query}", open_timeout=30, max_queue=None
        )
        return Client(ws)

    return open_chat


PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the machine's server, dropped afterwards."""
    import uuid

    import psycopg

    name = "preconsult_test_" + uuid.uuid4().hex[:10]
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable on 127.0.0.1:5432 (.ci/run starts it): {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
