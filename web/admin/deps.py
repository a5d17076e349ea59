"""FastAPI dependencies of the admin: database session, signed-in staff member, role and CSRF checks.

Pages without a live session redirect to the login page (303); the JSON API answers 401. A reviewer
on an admin-only route gets 403. Every state-changing request (not GET/HEAD/OPTIONS) must carry the
session's CSRF token, as the ``csrf_token`` form field or the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from web.admin.accounts import Principal, principal_for
from web.admin.security import same

__all__ = [
    "COOKIE",
    "LOGIN_CSRF_COOKIE",
    "ApiAdmin",
    "ApiUser",
    "DbDep",
    "PageAdmin",
    "PageUser",
    "client_ip",
    "cookie_secure",
    "safe_next",
]

COOKIE = "preconsult_admin"
LOGIN_CSRF_COOKIE = "preconsult_admin_login"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def db_session(request: Request) -> Iterator[Session]:
    with request.app.state.db.session() as session:
        yield session


DbDep = Annotated[Session, Depends(db_session)]


def cookie_secure(request: Request) -> bool:
    """Cookies are Secure everywhere but in development."""
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "environment", "production") != "development"


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def safe_next(value: str | None) -> str:
    """Only redirect back inside the admin (no open redirect)."""
    if value and value.startswith("/admin") and not value.startswith("//") and "\\" not in value:
        return value
    return "/admin"


def _lookup(request: Request, token: str | None) -> Principal | None:
    with request.app.state.db.session() as session:
        return principal_for(session, token)


class _Authenticated:
    def __init__(self, *, admin_only: bool, page: bool) -> None:
        self.admin_only = admin_only
        self.page = page

    async def __call__(self, request: Request) -> Principal:
        principal = await run_in_threadpool(_lookup, request, request.cookies.get(COOKIE))
        if principal is None:
            if self.page and request.method in SAFE_METHODS:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                raise HTTPException(
                    status_code=303,
                    headers={"Location": "/admin/login?next=" + quote(target, safe="")},
                )
            raise HTTPException(status_code=401, detail="login required")
        if self.admin_only and not principal.is_admin:
            raise HTTPException(status_code=403, detail="admin role required")
        if request.method not in SAFE_METHODS:
            sent = request.headers.get("x-csrf-token")
            content_type = request.headers.get("content-type", "")
            if sent is None and content_type.startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")
            ):
                sent = str((await request.form()).get("csrf_token") or "")
            if not same(sent, principal.csrf_token):
                raise HTTPException(status_code=403, detail="missing or wrong CSRF token")
        request.state.principal = principal
        return principal


PageUser = Annotated[Principal, Depends(_Authenticated(admin_only=False, page=True))]
PageAdmin = Annotated[Principal, Depends(_Authenticated(admin_only=True, page=True))]
ApiUser = Annotated[Principal, Depends(_Authenticated(admin_only=False, page=False))]
ApiAdmin = Annotated[Principal, Depends(_Authenticated(admin_only=True, page=False))]
