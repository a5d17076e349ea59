"""The kiosk feature's one router: the kiosk page and API, and the staff handoff queue."""

from __future__ import annotations

from fastapi import APIRouter

from web.kiosk import kiosk_pages, staff

__all__ = ["router"]

router = APIRouter()
router.include_router(kiosk_pages.router)
router.include_router(staff.router)
