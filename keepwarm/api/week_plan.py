"""The API's routes for the agenda (this week's items and what to do with
them), the plan and warmth."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["week plan"])
