"""Every admin route, enumerated from the app, refuses requests without the right session or role."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from web.admin.routes import ADMIN_ROLE_TAG

PUBLIC = {("GET", "/admin/login"), ("POST", "/admin/login")}


def _all_routes(app: FastAPI) -> list[tuple[str, set[str], list[str]]]:
    """(full path, methods, tags) of every HTTP route, through included routers too."""
    try:  # FastAPI >= 0.160 keeps included routers as branches
        from fastapi.routing import iter_route_contexts
    except ImportError:  # pragma: no cover - older FastAPI flattens routes
        return [
            (r.path, set(r.methods), [str(t) for t in r.tags])
            for r in app.routes
            if isinstance(r, APIRoute)
        ]
    found = []
    for context in iter_route_contexts(app.routes):
        methods = getattr(context, "methods", None)
        if methods:
            tags = [str(t) for t in getattr(context, "tags", None) or []]
            found.append((str(context.path), set(methods), tags))
    return found


def _admin_routes(app: FastAPI) -> list[tuple[str, str, bool]]:
    """(method, concrete path, admin-only) for every /admin route of the app."""
    found = []
    for template, methods, tags in _all_routes(app):
        if not template.startswith("/admin"):
            continue
        path = re.sub(r"\{[^}]+\}", "1", template.replace("{fmt}", "csv"))
        for method in sorted(methods - {"HEAD"}):
            if (method, template) not in PUBLIC:
                found.append((method, path, ADMIN_ROLE_TAG in tags))
    return found


def test_the_admin_has_pages_api_and_admin_only_routes(app: FastAPI) -> None:
    routes = _admin_routes(app)
    assert len(routes) >= 20
    assert any(p.startswith("/admin/api/") for _m, p, _a in routes)
    assert any(admin_only for _m, _p, admin_only in routes)


def test_without_a_session_pages_redirect_to_login_and_api_answers_401(
    client: TestClient, app: FastAPI
) -> None:
    for method, path, _admin_only in _admin_routes(app):
        response = client.request(method, path)
        if path.startswith("/admin/api/") or method != "GET":
            assert response.status_code == 401, (method, path, response.status_code)
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/admin/login?next=")


def test_a_forged_cookie_is_not_a_session(client: TestClient, app: FastAPI) -> None:
    client.cookies.set("preconsult_admin", "forged-token", path="/admin")
    for method, path, _admin_only in _admin_routes(app):
        assert client.request(method, path).status_code in (303, 401), (method, path)


def test_reviewer_gets_403_on_every_admin_only_route(
    client: TestClient,
    app: FastAPI,
    passwords: dict[str, str],
    sign_in: Callable[[TestClient, str, str], str],
) -> None:
    csrf = sign_in(client, "bob", passwords["reviewer"])
    admin_only = [(m, p) for m, p, a in _admin_routes(app) if a]
    assert admin_only
    for method, path in admin_only:
        response = client.request(method, path, headers={"X-CSRF-Token": csrf})
        assert response.status_code == 403, (method, path, response.status_code)


def test_state_changing_routes_need_the_csrf_token(
    client: TestClient,
    app: FastAPI,
    passwords: dict[str, str],
    sign_in: Callable[[TestClient, str, str], str],
) -> None:
    sign_in(client, "alice", passwords["admin"])
    for method, path, _admin_only in _admin_routes(app):
        if method == "GET":
            continue
        response = client.request(method, path)
        assert response.status_code == 403, (method, path, response.status_code)
