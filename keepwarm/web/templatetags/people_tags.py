"""Small display helpers for people pages: how long ago, a circle's badge."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()

# A circle's badge colour comes from its place in the list, so renaming a circle
# keeps its colour and a new one gets the next. The first three slots keep the
# names of the default circles they colour (Close, Core, Wide).
CIRCLE_PALETTE = ("close", "core", "wide", "c3", "c4", "c5")


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
    """The badge classes for a circle, ``badge badge-core`` etc., by its position."""
    position = getattr(circle, "position", None)
    if not isinstance(position, int):
        return "badge"
    return f"badge badge-{CIRCLE_PALETTE[position % len(CIRCLE_PALETTE)]}"
