"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

import keepwarm
from keepwarm.web import installable


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "keepwarm_version": keepwarm.__version__,
        "theme_color": installable.THEME_COLOR,
        # The service worker fetching a page to keep it: the page leaves the
        # messages waiting in the session for the page the user opens next.
        "worker_fetch": request.headers.get(installable.WORKER_HEADER) == "1",
        "offline": False,  # True on the page the worker shows with no signal
    }


def health(request: HttpRequest) -> dict[str, Any]:
    """The banner about reminders that cannot go out, for this user
    (``reminders.health.notice_for`` holds who sees what).

    Only signed-in pages show it. It is worked out when a page's layout asks for
    it: a fragment (htmx) costs nothing, a page one read of the heartbeat table
    when all is well.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"health_notice": None}
    from keepwarm.mail.health import notice_for

    return {"health_notice": SimpleLazyObject(lambda: notice_for(user))}
