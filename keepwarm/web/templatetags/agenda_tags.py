"""Display helpers for the agenda and plan pages: the warmth meter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from keepwarm.planner.warmth import label

register = template.Library()


def warmth_band(value: int) -> str:
    """The meter's colour, by the word for the value: "warm", "cool" (cooling) or "cold"."""
    return {"cooling": "cool"}.get(label(value), label(value))


@register.inclusion_tag("web/agenda/_warmth.html")
def warmth_meter(warmth: Mapping[int, int] | int | None, pk: Any = None) -> dict[str, Any]:
    """``{% warmth_meter 72 %}``, or ``{% warmth_meter warmth person.pk %}`` to look a
    person up in a mapping of id → warmth. Nothing is shown for an unknown person."""
    value = warmth.get(pk) if isinstance(warmth, Mapping) else warmth
    if not isinstance(value, int):
        return {"value": None}
    value = max(0, min(100, value))
    return {"value": value, "band": warmth_band(value), "word": label(value)}
