"""The API's routes for warm calls: whom to call for a goal."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["calls"])
