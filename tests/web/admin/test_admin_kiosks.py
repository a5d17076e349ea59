"""Kiosk tokens: issued once by an admin, verified by hash, revoked for good."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from web.admin.kiosks import verify_kiosk_token
from web.admin.models import KioskDevice
from web.storage.db import Database


def test_issue_verify_and_revoke(admin_client: tuple[TestClient, str], database: Database) -> None:
    client, csrf = admin_client
    page = client.post(
        "/admin/kiosks", data={"csrf_token": csrf, "name": "Lobby 1", "pharmacy": "仁心大药房"}
    )
    assert page.status_code == 200
    match = re.search(r'id="kiosk-token">([^<]+)<', page.text)
    assert match is not None
    token = match.group(1)
    with database.session() as s:
        device = verify_kiosk_token(s, token)
        assert device is not None and device.pharmacy == "仁心大药房"
        stored = s.scalars(select(KioskDevice.token_hash)).all()
        device_id = device.id
    assert token not in stored
    assert token not in client.get("/admin/kiosks").text  # shown once only
    response = client.post(f"/admin/kiosks/{device_id}/revoke", data={"csrf_token": csrf})
    assert response.status_code == 303
    with database.session() as s:
        assert verify_kiosk_token(s, token) is None
        assert verify_kiosk_token(s, "kiosk_made-up") is None


def test_kiosk_api(admin_client: tuple[TestClient, str]) -> None:
    client, csrf = admin_client
    issued = client.post(
        "/admin/api/kiosks",
        json={"name": "Counter", "pharmacy": "康宁药店"},
        headers={"X-CSRF-Token": csrf},
    )
    assert issued.status_code == 201 and issued.json()["token"].startswith("kiosk_")
    listed = client.get("/admin/api/kiosks").json()
    assert [k["pharmacy"] for k in listed] == ["康宁药店"]
    assert "token" not in listed[0]


def test_gateway_accepts_issued_kiosk_tokens_until_revoked(
    admin_client: tuple[TestClient, str],
) -> None:
    client, csrf = admin_client
    issued = client.post(
        "/admin/api/kiosks",
        json={"name": "Door", "pharmacy": "同济堂"},
        headers={"X-CSRF-Token": csrf},
    ).json()
    verifier = client.app.state.kiosk_verifier  # type: ignore[attr-defined]
    assert client.portal.call(verifier, issued["token"]) == (issued["kiosk_id"], "同济堂")  # type: ignore[union-attr]
    client.post(f"/admin/api/kiosks/{issued['id']}/revoke", headers={"X-CSRF-Token": csrf})
    assert client.portal.call(verifier, issued["token"]) is None  # type: ignore[union-attr]
