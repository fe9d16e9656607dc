"""The API's routes for touches, follow-ups, touch kinds, circles and tags."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["touch log"])
