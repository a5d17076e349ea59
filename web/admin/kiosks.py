"""Kiosk device tokens: issue (shown once), revoke, and verify (for the kiosk channel)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from web.admin.models import KioskDevice
from web.admin.security import new_token, token_digest
from web.storage.models import utcnow

__all__ = [
    "IssuedKiosk",
    "issue_kiosk",
    "list_kiosks",
    "make_kiosk_verifier",
    "revoke_kiosk",
    "verify_kiosk_token",
]


@dataclass(frozen=True)
class IssuedKiosk:
    device: KioskDevice
    token: str  # shown to the admin once, never stored


def issue_kiosk(db: Session, name: str, pharmacy: str, created_by: str) -> IssuedKiosk:
    name, pharmacy = name.strip()[:128], pharmacy.strip()[:128]
    if not name or not pharmacy:
        raise ValueError("kiosk name and pharmacy are required")
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:24] or "kiosk"
    token = "kiosk_" + new_token()
    device = KioskDevice(
        kiosk_id=f"{slug}-{secrets.token_hex(4)}",
        name=name,
        pharmacy=pharmacy,
        token_hash=token_digest(token),
        created_by=created_by,
    )
    db.add(device)
    db.commit()
    return IssuedKiosk(device=device, token=token)


def revoke_kiosk(db: Session, device_id: int) -> KioskDevice | None:
    device = db.get(KioskDevice, device_id)
    if device is not None and not device.revoked:
        device.revoked = True
        device.revoked_at = utcnow()
        db.commit()
    return device


def list_kiosks(db: Session) -> list[KioskDevice]:
    return list(db.scalars(select(KioskDevice).order_by(KioskDevice.created_at.desc())).all())


def verify_kiosk_token(db: Session, token: str) -> KioskDevice | None:
    """The live (not revoked) kiosk holding ``token``; records when it was last seen."""
    if not token:
        return None
    device = db.scalar(select(KioskDevice).where(KioskDevice.token_hash == token_digest(token)))
    if device is None or device.revoked:
        return None
    device.last_seen_at = utcnow()
    db.commit()
    return device


def make_kiosk_verifier(database: Any) -> Callable[[str], Awaitable[tuple[str, str] | None]]:
    """The gateway's ``kiosk_verifier``: token -> (kiosk_id, pharmacy) of a live kiosk, or None."""

    def check(token: str) -> tuple[str, str] | None:
        with database.session() as session:
            device = verify_kiosk_token(session, token)
            return (device.kiosk_id, device.pharmacy) if device else None

    async def verifier(token: str) -> tuple[str, str] | None:
        return await run_in_threadpool(check, token)

    return verifier
