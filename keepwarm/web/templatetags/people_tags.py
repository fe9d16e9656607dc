"""A circle's badge on the people pages."""

from __future__ import annotations

from django import template

register = template.Library()

# A circle's badge colour comes from its place in the list, so renaming a circle
# keeps its colour and a new one gets the next. The first three slots keep the
# names of the default circles they colour (Close, Core, Wide).
CIRCLE_PALETTE = ("close", "core", "wide", "c3", "c4", "c5")


@register.filter
def circle_badge(circle: object) -> str:
    """The badge classes for a circle, ``badge badge-core`` etc., by its position."""
    position = getattr(circle, "position", None)
    if not isinstance(position, int):
        return "badge"
    return f"badge badge-{CIRCLE_PALETTE[position % len(CIRCLE_PALETTE)]}"
