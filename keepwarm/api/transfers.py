"""The API's routes for imports (upload, preview, apply, as jobs), exports and backups."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["transfers"])
