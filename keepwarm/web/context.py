"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

import keepwarm


def site(request: HttpRequest) -> dict[str, Any]:
    return {"keepwarm_version": keepwarm.__version__}


def health(request: HttpRequest) -> dict[str, Any]:
    """Problems with reminders (a stopped worker, no mail server) for the banner.

    Only signed-in pages show it; it costs one read of the heartbeat table.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"health_problems": []}
    from keepwarm.reminders.health import problems

    return {"health_problems": problems()}
