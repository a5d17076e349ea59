"""Admin-role management: accounts (create, unlock, deactivate), settings page and purge from the web."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from web.admin.models import AdminUser, AuditLog
from web.storage.db import Database
from web.storage.models import ChatSession


def _user_id(database: Database, username: str) -> int:
    with database.session() as s:
        user = s.scalar(select(AdminUser).where(AdminUser.username == username))
        assert user is not None
        return user.id


def _failed_login(client: TestClient, username: str) -> int:
    page = client.get("/admin/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    return client.post(
        "/admin/login",
        data={"username": username, "password": "not-the-password", "csrf_token": token.group(1)},
    ).status_code


def test_admin_creates_a_reviewer_who_can_sign_in(
    admin_client: tuple[TestClient, str],
    database: Database,
    sign_in: Callable[[TestClient, str, str], str],
) -> None:
    client, csrf = admin_client
    form = {"csrf_token": csrf, "username": "erin", "role": "reviewer"}
    weak = client.post("/admin/users", data={**form, "password": "abc", "repeat": "abc"})
    assert weak.status_code == 400
    ok = client.post(
        "/admin/users", data={**form, "password": "Er1n-pass-word!", "repeat": "Er1n-pass-word!"}
    )
    assert ok.status_code == 200 and "erin" in ok.text
    client.cookies.clear()
    sign_in(client, "erin", "Er1n-pass-word!")
    assert client.get("/admin/users").status_code == 403  # a reviewer


def test_unlock_and_deactivate(
    admin_client: tuple[TestClient, str], database: Database, passwords: dict[str, str]
) -> None:
    client, csrf = admin_client
    bob = _user_id(database, "bob")
    cookie = client.cookies.get("preconsult_admin")
    for _ in range(5):
        _failed_login(client, "bob")
    client.cookies.set("preconsult_admin", cookie or "", path="/admin")
    assert client.post(f"/admin/users/{bob}/unlock", data={"csrf_token": csrf}).status_code == 303
    response = client.post(f"/admin/users/{bob}/active", data={"csrf_token": csrf, "active": "no"})
    assert response.status_code == 303
    own = client.post(
        f"/admin/users/{_user_id(database, 'alice')}/active",
        data={"csrf_token": csrf, "active": "no"},
    )
    assert own.status_code == 409
    client.cookies.clear()
    assert _failed_login(client, "bob") == 401
    page = client.get("/admin/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    refused = client.post(
        "/admin/login",
        data={"username": "bob", "password": passwords["reviewer"], "csrf_token": token.group(1)},
    )
    assert refused.status_code == 401  # deactivated
    with database.session() as s:
        actions = {a.action for a in s.scalars(select(AuditLog)).all()}
    assert {"user_unlock", "user_deactivate"} <= actions


def test_settings_page_and_purge(admin_client: tuple[TestClient, str], database: Database) -> None:
    client, csrf = admin_client
    page = client.get("/admin/settings")
    assert page.status_code == 200 and ">90<" in page.text
    assert client.post("/admin/purge", data={"csrf_token": csrf, "days": "90"}).status_code == 422
    done = client.post("/admin/purge", data={"csrf_token": csrf, "days": "90", "confirm": "yes"})
    assert done.status_code == 303 and done.headers["location"] == "/admin/settings?purged=1"
    with database.session() as s:
        assert set(s.scalars(select(ChatSession.id)).all()) == {"s-chest", "s-cough"}
        purge = s.scalar(select(AuditLog).where(AuditLog.action == "purge"))
    assert purge is not None and purge.actor == "alice"
