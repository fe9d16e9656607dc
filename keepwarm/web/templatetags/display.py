"""Display filters for every page: the two date styles and lists of people.

``{{ day|short_date }}`` gives "25 Nov 2026", ``{{ day|long_date }}`` "25 November
2026", ``{{ birthday|month_day }}`` "25 November 1980" and ``{{ day|natural_day }}``
"today", "yesterday" or the long style. ``{% people_names people 3 %}`` links the
first names and folds the rest into "and N others".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import template

from keepwarm.formats import text
from keepwarm.web import wording

register = template.Library()

register.filter("short_date", wording.short_date, expects_localtime=True)
register.filter("long_date", wording.long_date, expects_localtime=True)
register.filter("month_day", wording.month_day)
register.filter("link_target", text.link_target)
"""``{{ point.normalized|link_target }}``: the address, or "" when it may not be a link."""


@register.filter
def natural_day(value: dt.date | None, style: str = "long") -> str:
    """ "today", "yesterday", "tomorrow", else the date in the long (or "short") style."""
    formatter = wording.short_date if style == "short" else wording.long_date
    return wording.relative_day(value, style=formatter)


@register.filter
def is_long_note(text: str) -> bool:
    """A note too long to show whole in a list: it folds behind "more"."""
    return wording.is_long(text)


@register.inclusion_tag("web/touches/_names.html")
def people_names(people: Iterable[Any], limit: int = 3, fold: bool = False) -> dict[str, Any]:
    """Linked names; past ``limit`` the rest are "and N others" (a disclosure
    listing them when ``fold``)."""
    shown, rest = wording.split_names(list(people), limit)
    return {"shown": shown, "rest": rest, "fold": fold}
