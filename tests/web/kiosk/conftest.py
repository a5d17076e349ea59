"""Fixtures for the kiosk tests: a migrated temp SQLite gateway with a scripted Rasa, a kiosk
device token, and staff accounts that sign in through the admin's login form."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from web.admin.accounts import create_user
from web.admin.kiosks import issue_kiosk, revoke_kiosk
from web.admin.settings import AdminSettings
from web.app import create_app
from web.settings import Settings
from web.storage.db import Database
from web.storage.migrate import upgrade

PASSWORD = "Pharm4cist-pass!"


class ScriptedRasa:
    """Rasa's REST webhook: `/request_human` and `drug?` questions hand off; can be switched off."""

    def __init__(self) -> None:
        self.up = True
        self.received: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/status":
            return httpx.Response(200, json={})
        if not self.up:
            raise httpx.ConnectError("connection refused", request=request)
        body = json.loads(request.content)
        self.received.append(body)
        sender, text = body["sender"], body["message"]
        if text.startswith("/request_human"):
            return httpx.Response(
                200,
                json=[
                    {"recipient_id": sender, "text": "好的，正在为您呼叫店内药师，请稍候。"},
                    {"recipient_id": sender, "custom": {"type": "handoff", "data": {"reason": "user_request"}}},
                ],
            )  # fmt: skip
        if "加倍" in text:
            data = {"kind": "handoff", "answer": "自行加倍超出了说明书的用法。", "citations": [],
                    "guardrails": ["pharmacy.dose_change"]}  # fmt: skip
            return httpx.Response(
                200, json=[{"recipient_id": sender, "custom": {"type": "answer", "data": data}}]
            )
        return httpx.Response(200, json=[{"recipient_id": sender, "text": "请按说明书服用。"}])


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from web.admin import security

    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(security, "_hasher", lambda: hasher)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kiosk-db") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def kiosk_settings(tmp_path: Path, migrated_template: Path) -> Settings:
    target = tmp_path / "kiosk.db"
    shutil.copyfile(migrated_template, target)
    # development: the admin's cookies are not Secure, so the http TestClient sends them
    return Settings(
        environment="development",
        data_dir=tmp_path,
        database_url=f"sqlite:///{target}",
        rasa_url="http://rasa.invalid:5005",
        slow_reply_fallback_s=5,
        kiosk_idle_seconds=45,
        freeze_heap=False,  # many apps start in this process
    )


@pytest.fixture
def database(kiosk_settings: Settings) -> Iterator[Database]:
    db = Database(kiosk_settings.effective_database_url)
    yield db
    db.dispose()


@pytest.fixture
def rasa() -> ScriptedRasa:
    return ScriptedRasa()


@pytest.fixture
def client(kiosk_settings: Settings, rasa: ScriptedRasa) -> Iterator[TestClient]:
    app = create_app(kiosk_settings, rasa_transport=httpx.MockTransport(rasa))
    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.fixture
def kiosk_token(database: Database) -> str:
    with database.session() as s:
        return issue_kiosk(s, "Counter 1", "仁心大药房", "alice").token


@pytest.fixture
def revoked_token(database: Database) -> str:
    with database.session() as s:
        issued = issue_kiosk(s, "Old", "仁心大药房", "alice")
        revoke_kiosk(s, issued.device.id)
        return issued.token


@pytest.fixture
def staff(database: Database) -> Callable[[TestClient, str], str]:
    """Create a staff account with ``role`` and sign ``client`` in; returns the CSRF token."""

    def sign_in(client: TestClient, role: str = "reviewer") -> str:
        username = f"{role}-1"
        with database.session() as s:
            create_user(s, username, PASSWORD, role, AdminSettings())
        page = client.get("/admin/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        response = client.post(
            "/admin/login",
            data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)},
        )
        assert response.status_code == 303, response.text
        return str(client.get("/admin/api/me").json()["csrf_token"])

    return sign_in
