"""Display helpers for every page: links, long notes and lists of people.

``{{ point.normalized|link_target }}`` is the address a contact point may link
to, ``{{ note|is_long_note }}`` says a note folds behind "more", and
``{% people_names people 3 %}`` links the first names and folds the rest into
"and N others". Dates, days and counts in words are the ``words`` library's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from keepwarm.formats import text
from keepwarm.lib.words import split_names

register = template.Library()

register.filter("link_target", text.link_target)
"""``{{ point.normalized|link_target }}``: the address, or "" when it may not be a link."""

# A note longer than this (characters or lines) folds to a preview in lists.
NOTE_PREVIEW_CHARS = 240
NOTE_PREVIEW_LINES = 4


@register.filter
def is_long_note(text: str) -> bool:
    """A note too long to show whole in a list: it folds behind "more"."""
    return len(text) > NOTE_PREVIEW_CHARS or text.count("\n") >= NOTE_PREVIEW_LINES


@register.inclusion_tag("web/touches/_names.html")
def people_names(people: Iterable[Any], limit: int = 3, fold: bool = False) -> dict[str, Any]:
    """Linked names; past ``limit`` the rest are "and N others" (a disclosure
    listing them when ``fold``)."""
    shown, rest = split_names(list(people), limit)
    return {"shown": shown, "rest": rest, "fold": fold}
