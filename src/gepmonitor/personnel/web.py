"""Web pages and API routes of the personnel module."""

from __future__ import annotations

from fastapi import APIRouter

router: APIRouter | None = None
api_router: APIRouter | None = None
