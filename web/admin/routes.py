"""The admin's one router, mounted by the gateway: pages under /admin, JSON API under /admin/api."""

from __future__ import annotations

from fastapi import APIRouter

from web.admin import admin_pages, api, pages

__all__ = ["ADMIN_ROLE_TAG", "router"]

# Routes only the `admin` role may use carry this tag (the route-enumeration test reads it).
ADMIN_ROLE_TAG = "admin-role"

router = APIRouter()
router.include_router(pages.public_router)
router.include_router(pages.router)
router.include_router(admin_pages.router)
router.include_router(api.router)
router.include_router(api.admin_router)
