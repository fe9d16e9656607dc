"""The home page's panels that an htmx action on it changes: rendered with the
page, and again, out of band (``hx-swap-oob``), in the answer to the action, so
no panel shows what was true before it until the page is reloaded."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import reverse

from keepwarm.touches import queries

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

AFTER_AGENDA = "web/home/_after_agenda.html"
AFTER_FOLLOW_UP = "web/home/_after_follow_up.html"


def from_home(request: HttpRequest) -> bool:
    """Whether an htmx request came from the home page (whose panels it may change)."""
    htmx = getattr(request, "htmx", None)
    if not htmx or not htmx.current_url:
        return False
    return urllib.parse.urlsplit(htmx.current_url).path == reverse("home")


def after_agenda(user: User, today: Any) -> dict[str, Any]:
    """What a touch logged, skipped or snoozed from the agenda changes: the counts,
    the recent touches and who has gone quiet."""
    return {
        "stats": queries.home_stats(user, today),
        "recent": queries.recent_touches(user),
        "cold": queries.gone_quiet(user, today),
    }


def after_follow_up(user: User, today: Any) -> dict[str, Any]:
    """What a follow-up done (or open again) changes: the counts and the line under
    the greeting."""
    return {
        "today": today,
        "stats": queries.home_stats(user, today),
        # The line only says whether one is coming.
        "birthdays": queries.first_coming_birthdays(user, today, 1)[0],
    }
