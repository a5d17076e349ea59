"""Shared helpers of the admin tests: staff passwords and signing in like a browser."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

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
