"""Fixtures for admin tests: a migrated temp SQLite gateway, staff accounts, signed-in clients."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from web.admin.accounts import create_user
from web.admin.settings import AdminSettings
from web.app import create_app
from web.settings import Settings
from web.storage.db import Database
from web.storage.migrate import upgrade
from web.storage.models import Base, ChatSession, Message, SessionEvent

PASSWORDS = {"admin": "Adm1n-pass-word!", "reviewer": "Rev1ew-pass-word!"}


def login(client: TestClient, username: str, password: str) -> str:
    """Sign in through the form like a browser; returns the session's CSRF token."""
    page = client.get("/admin/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    response = client.post(
        "/admin/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
    )
    assert response.status_code == 303, response.text
    me = client.get("/admin/api/me")
    assert me.status_code == 200
    return str(me.json()["csrf_token"])


@pytest.fixture
def passwords() -> dict[str, str]:
    return dict(PASSWORDS)


@pytest.fixture
def sign_in() -> Callable[[TestClient, str, str], str]:
    """Sign in through the login form like a browser; returns the session's CSRF token."""
    return login


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters in tests; production keeps argon2-cffi's defaults."""
    from argon2 import PasswordHasher

    from web.admin import security

    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(security, "_hasher", lambda: hasher)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("admin-db") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> str:
    """One migrated database per test module; ``seeded`` empties and refills it for each test."""
    target = tmp_path_factory.mktemp("admin-module") / "admin.db"
    shutil.copyfile(migrated_template, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def database(db_url: str) -> Iterator[Database]:
    db = Database(db_url)
    yield db
    db.dispose()


def _wipe(database: Database) -> None:
    with database.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def seeded(database: Database) -> dict[str, str]:
    """Two staff accounts and three conversations (nothing else); returns session ids by name."""
    _wipe(database)
    settings = AdminSettings()
    with database.session() as s:
        create_user(s, "alice", PASSWORDS["admin"], "admin", settings)
        create_user(s, "bob", PASSWORDS["reviewer"], "reviewer", settings)
        now = datetime.now(UTC)
        chest = ChatSession(
            id="s-chest", channel="web", locale="zh-CN", urgency="emergency_ambulance",
            department_code="EM", red_flag=True, created_at=now - timedelta(hours=2),
            summary={"urgency": "emergency_ambulance", "urgency_label": "立即拨打120",
                     "departments": [{"code": "EM", "name": "急诊科", "reasons": ["胸痛伴出汗"]}],
                     "red_flags": [{"id": "chest_pain", "name": "急性胸痛"}],
                     "summary": {"chief_complaint": "胸痛2小时", "history": "", "positives": [],
                                 "negatives": []}},
        )  # fmt: skip
        cough = ChatSession(
            id="s-cough", channel="kiosk", locale="zh-CN", kiosk_id="k-1", pharmacy="仁心大药房",
            urgency="routine", department_code="03.01", created_at=now - timedelta(days=3),
        )  # fmt: skip
        old = ChatSession(
            id="s-old", channel="web", locale="en", urgency="self_care", handoff=True,
            created_at=now - timedelta(days=200),
        )  # fmt: skip
        s.add_all([chest, cough, old])
        s.flush()
        texts = {
            "s-chest": ["胸口疼两个小时，出冷汗", "请立即拨打120。"],
            "s-cough": ["咳嗽一周了，有痰", "建议到呼吸内科门诊就诊。"],
            "s-old": ["How do I store insulin?", "Keep unopened insulin in the fridge."],
        }
        for sid, (user_text, bot_text) in texts.items():
            s.add(Message(session_id=sid, seq=1, sender="user", text=user_text, client_id="c1"))
            s.add(Message(session_id=sid, seq=2, sender="bot", text=bot_text))
        s.add(
            Message(
                session_id="s-old", seq=3, sender="bot", kind="answer", text="",
                payload={"data": {"answer": "Keep it cold.", "citations": [
                    {"id": "art-insulin", "title": "胰岛素的保存"}], "guardrails": ["no_dose"]}},
            )
        )  # fmt: skip
        s.add(SessionEvent(session_id="s-chest", kind="red_flag", data={"id": "chest_pain"}))
        s.commit()
    return {"chest": "s-chest", "cough": "s-cough", "old": "s-old"}


@pytest.fixture(scope="module")
def app(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    data_dir = tmp_path_factory.mktemp("admin-data")
    settings = Settings(
        environment="development", database_url=db_url, data_dir=data_dir, freeze_heap=False
    )
    return create_app(settings)


@pytest.fixture(scope="module")
def running(app: FastAPI) -> Iterator[TestClient]:
    """The gateway with its lifespan, started once per module."""
    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.fixture
def client(running: TestClient, seeded: dict[str, str]) -> TestClient:
    """A browser without cookies against freshly seeded data."""
    running.cookies.clear()
    return running


@pytest.fixture
def admin_client(client: TestClient) -> tuple[TestClient, str]:
    return client, login(client, "alice", PASSWORDS["admin"])


@pytest.fixture
def reviewer_client(client: TestClient) -> tuple[TestClient, str]:
    return client, login(client, "bob", PASSWORDS["reviewer"])
