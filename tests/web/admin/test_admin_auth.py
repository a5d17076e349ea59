"""Signing in and out: cookie flags, CSRF, lockout after repeated failures, password change."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from web.admin.models import AdminSession, AdminUser, AuditLog
from web.app import create_app
from web.settings import Settings
from web.storage.db import Database


def _login_form(client: TestClient) -> str:
    page = client.get("/admin/login")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match is not None
    return match.group(1)


def _attempt(client: TestClient, username: str, password: str) -> int:
    token = _login_form(client)
    response = client.post(
        "/admin/login", data={"username": username, "password": password, "csrf_token": token}
    )
    return response.status_code


def test_login_sets_an_httponly_samesite_cookie(
    client: TestClient, passwords: dict[str, str]
) -> None:
    token = _login_form(client)
    response = client.post(
        "/admin/login",
        data={"username": "alice", "password": passwords["admin"], "csrf_token": token},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin"
    cookie = next(c for c in response.headers.get_list("set-cookie") if "preconsult_admin=" in c)
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie  # development only


def test_cookie_is_secure_outside_development(
    seeded: dict[str, str], db_url: str, tmp_path: Path, passwords: dict[str, str]
) -> None:
    app = create_app(Settings(environment="test", database_url=db_url, data_dir=tmp_path))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        token = _login_form(client)
        response = client.post(
            "/admin/login",
            data={"username": "alice", "password": passwords["admin"], "csrf_token": token},
        )
    cookie = next(c for c in response.headers.get_list("set-cookie") if "preconsult_admin=" in c)
    assert "Secure" in cookie


def test_session_token_and_password_are_not_stored_in_clear(
    client: TestClient,
    database: Database,
    passwords: dict[str, str],
    sign_in: Callable[[TestClient, str, str], str],
) -> None:
    sign_in(client, "alice", passwords["admin"])
    cookie = client.cookies.get("preconsult_admin")
    with database.session() as s:
        user = s.scalar(select(AdminUser).where(AdminUser.username == "alice"))
        stored = s.scalars(select(AdminSession.token_hash)).all()
    assert user is not None and user.password_hash.startswith("$argon2id$")
    assert passwords["admin"] not in user.password_hash
    assert cookie and cookie not in stored and len(stored) == 1


def test_login_without_csrf_token_is_refused(client: TestClient, passwords: dict[str, str]) -> None:
    client.get("/admin/login")
    response = client.post(
        "/admin/login", data={"username": "alice", "password": passwords["admin"]}
    )
    assert response.status_code == 403
    assert client.get("/admin/api/me").status_code == 401


def test_wrong_password_then_lockout(
    client: TestClient, database: Database, passwords: dict[str, str]
) -> None:
    for _ in range(4):
        assert _attempt(client, "bob", "wrong-password-1") == 401
    assert _attempt(client, "bob", "wrong-password-1") == 401  # 5th failure locks
    token = _login_form(client)
    response = client.post(
        "/admin/login",
        data={"username": "bob", "password": passwords["reviewer"], "csrf_token": token},
    )
    assert response.status_code == 401  # even the right password, while locked
    assert "锁定" in response.text
    with database.session() as s:
        failures = s.scalars(select(AuditLog).where(AuditLog.action == "login_failed")).all()
    assert len(failures) == 6
    assert failures[-1].detail == {"locked": True}


def test_success_resets_the_failure_counter(
    client: TestClient, passwords: dict[str, str], sign_in: Callable[[TestClient, str, str], str]
) -> None:
    for _ in range(4):
        _attempt(client, "bob", "wrong-password-1")
    sign_in(client, "bob", passwords["reviewer"])
    client.cookies.clear()
    for _ in range(4):
        assert _attempt(client, "bob", "wrong-password-1") == 401
    sign_in(client, "bob", passwords["reviewer"])  # not locked: the counter had been reset


def test_next_only_redirects_inside_the_admin(
    client: TestClient, passwords: dict[str, str]
) -> None:
    page = client.get("/admin/login", params={"next": "https://evil.example/"})
    assert 'name="next" value="/admin"' in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    response = client.post(
        "/admin/login",
        data={
            "username": "alice",
            "password": passwords["admin"],
            "csrf_token": token.group(1),
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/admin"


def test_logout_needs_csrf_and_ends_the_session(
    client: TestClient, passwords: dict[str, str], sign_in: Callable[[TestClient, str, str], str]
) -> None:
    csrf = sign_in(client, "bob", passwords["reviewer"])
    assert client.post("/admin/logout").status_code == 403
    response = client.post("/admin/logout", data={"csrf_token": csrf})
    assert response.status_code == 303
    assert client.get("/admin/api/me").status_code == 401


def test_stolen_cookie_stops_working_after_logout(
    client: TestClient, passwords: dict[str, str], sign_in: Callable[[TestClient, str, str], str]
) -> None:
    csrf = sign_in(client, "bob", passwords["reviewer"])
    cookie = client.cookies.get("preconsult_admin")
    client.post("/admin/logout", data={"csrf_token": csrf})
    client.cookies.set("preconsult_admin", cookie or "", path="/admin")
    assert client.get("/admin/api/me").status_code == 401


def test_password_change(
    client: TestClient, passwords: dict[str, str], sign_in: Callable[[TestClient, str, str], str]
) -> None:
    csrf = sign_in(client, "bob", passwords["reviewer"])
    wrong = client.post(
        "/admin/password",
        data={
            "csrf_token": csrf,
            "current": "nope",
            "new": "N3w-pass-word!",
            "repeat": "N3w-pass-word!",
        },
    )
    assert wrong.status_code == 400
    short = client.post(
        "/admin/password",
        data={"csrf_token": csrf, "current": passwords["reviewer"], "new": "a1!", "repeat": "a1!"},
    )
    assert short.status_code == 400
    ok = client.post(
        "/admin/password",
        data={
            "csrf_token": csrf,
            "current": passwords["reviewer"],
            "new": "N3w-pass-word!",
            "repeat": "N3w-pass-word!",
        },
    )
    assert ok.status_code == 200
    client.cookies.clear()
    assert _attempt(client, "bob", passwords["reviewer"]) == 401
    sign_in(client, "bob", "N3w-pass-word!")


def test_login_page_speaks_the_chosen_language(client: TestClient) -> None:
    assert "Sign in" in client.get("/admin/login", params={"locale": "en"}).text
    assert "登入" in client.get("/admin/login", params={"locale": "zh-TW"}).text
    assert "登录" in client.get("/admin/login", params={"locale": "zh-CN"}).text
