"""Staff accounts: create, sign in (with lockout after repeated failures), sessions, password change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from web.admin.models import ROLES, AdminSession, AdminUser
from web.admin.security import (
    hash_password,
    new_token,
    password_needs_rehash,
    token_digest,
    verify_password,
)
from web.admin.settings import AdminSettings
from web.storage.models import utcnow

__all__ = [
    "AccountError",
    "LoginResult",
    "Principal",
    "change_password",
    "create_user",
    "end_session",
    "login",
    "principal_for",
    "validate_password",
]


class AccountError(ValueError):
    """A refused account operation; ``code`` selects the message shown to the user."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Principal:
    """The signed-in staff member of one request."""

    user_id: int
    username: str
    role: str
    csrf_token: str
    session_id: int

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    token: str | None = None
    user: AdminUser | None = None
    locked: bool = False


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite drops the zone
        return value.replace(tzinfo=UTC)
    return value


def validate_password(password: str, settings: AdminSettings) -> None:
    if len(password) < settings.min_password_length:
        raise AccountError("password_too_short")
    if password.isdigit() or password.isalpha() or len(set(password)) < 5:
        raise AccountError("password_too_simple")


def create_user(
    db: Session, username: str, password: str, role: str, settings: AdminSettings
) -> AdminUser:
    username = username.strip()
    if role not in ROLES:
        raise AccountError("bad_role")
    if not username or len(username) > 64:
        raise AccountError("bad_username")
    if db.scalar(select(AdminUser).where(AdminUser.username == username)) is not None:
        raise AccountError("user_exists")
    validate_password(password, settings)
    user = AdminUser(username=username, password_hash=hash_password(password), role=role)
    db.add(user)
    db.commit()
    return user


def login(db: Session, username: str, password: str, settings: AdminSettings) -> LoginResult:
    """Check the password; lock the account after ``max_failed_logins`` failures in a row."""
    now = utcnow()
    user = db.scalar(select(AdminUser).where(AdminUser.username == username.strip()))
    locked_until = _aware(user.locked_until) if user else None
    if user is not None and locked_until is not None and locked_until > now:
        verify_password(None, password)  # same work as a real attempt
        return LoginResult(ok=False, user=user, locked=True)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        locked = False
        if user is not None:
            user.failed_logins += 1
            if user.failed_logins >= settings.max_failed_logins:
                user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
                user.failed_logins = 0
                locked = True
            db.commit()
        return LoginResult(ok=False, user=user, locked=locked)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if password_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    token = new_token()
    db.add(
        AdminSession(
            token_hash=token_digest(token),
            user_id=user.id,
            csrf_token=new_token(24),
            expires_at=now + timedelta(hours=settings.session_hours),
        )
    )
    db.execute(delete(AdminSession).where(AdminSession.expires_at < now))
    db.commit()
    return LoginResult(ok=True, token=token, user=user)


def principal_for(db: Session, token: str | None) -> Principal | None:
    """The staff member signed in with this cookie token, if the session is live."""
    if not token:
        return None
    row = db.scalar(select(AdminSession).where(AdminSession.token_hash == token_digest(token)))
    if row is None:
        return None
    expires = _aware(row.expires_at)
    if expires is None or expires <= utcnow() or not row.user.active:
        return None
    return Principal(
        user_id=row.user.id,
        username=row.user.username,
        role=row.user.role,
        csrf_token=row.csrf_token,
        session_id=row.id,
    )


def end_session(db: Session, session_id: int) -> None:
    db.execute(delete(AdminSession).where(AdminSession.id == session_id))
    db.commit()


def change_password(
    db: Session,
    user_id: int,
    current: str,
    new: str,
    settings: AdminSettings,
    keep_session_id: int | None = None,
) -> None:
    """Change a password after checking the current one; other sessions of the user end."""
    user = db.get(AdminUser, user_id)
    if user is None or not verify_password(user.password_hash, current):
        raise AccountError("wrong_password")
    if new == current:
        raise AccountError("password_unchanged")
    validate_password(new, settings)
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    query = delete(AdminSession).where(AdminSession.user_id == user_id)
    if keep_session_id is not None:
        query = query.where(AdminSession.id != keep_session_id)
    db.execute(query)
    db.commit()
