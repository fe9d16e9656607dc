"""Small display helpers for people pages: how long ago, a circle's badge."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()

CIRCLE_BADGES = {"close", "core", "wide"}


@register.filter
def since(day: dt.date | None, today: dt.date | None = None) -> str:
    """ "today", "yesterday", "5 days ago", "3 months ago", "never"."""
    if day is None:
        return "never"
    days = ((today or timezone.localdate()) - day).days
    if days < 0:
        return "upcoming"
    if days < 2:
        return ("today", "yesterday")[days]
    for size, unit in ((365, "year"), (30, "month"), (7, "week"), (1, "day")):
        if days >= size:
            count = days // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return ""  # pragma: no cover - days >= 2 always matches "day"


@register.filter
def days_from_now(days: int) -> str:
    if days == 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"


@register.filter
def circle_badge(circle: object) -> str:
    """The badge class for a circle: ``badge-close`` / ``-core`` / ``-wide``, else plain."""
    name = str(getattr(circle, "name", "")).strip().casefold()
    return f"badge badge-{name}" if name in CIRCLE_BADGES else "badge"
