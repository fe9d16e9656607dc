"""``{% load words %}``: the words of ``lib.words`` for every page and email.

Dates: ``{{ day|short_date }}`` "25 Nov 2026", ``{{ day|long_date }}`` "25 November
2026", ``{{ day|day_month }}`` "25 Nov" (``:"long"`` "25 November"),
``{{ day|weekday_date }}`` "Wed 25 Nov" (``:"long"`` "Wednesday 25 November"),
``{{ day|month_year }}`` "Nov 2026", ``{{ day|month_name }}`` "Nov",
``{{ birthday|month_day }}`` "25 November 1980" and ``{{ moment|moment }}`` "25 Nov
2026, 14:05" (``:"short"`` without the year). A moment is dated in the user's time
zone; no date gives an empty text.

Days from today: ``{{ day|natural_day }}`` "today", "yesterday", "tomorrow" or the
long date (``:"short"`` the short one), ``{{ day|since }}`` "5 days ago" and
``{{ days|days_from_now }}`` "in 3 days" (``since`` counts a moment by its day in
the user's time zone). Counts: ``{{ count|plural:"touch,touches" }}`` "3 touches",
and the word alone where it stands apart from its number,
``{{ count|for_count:"person,people" }}`` "people" (or a verb: ``"has,have"``).
Warmth: ``{{ word|warmth_class }}`` "warmth-cooling".
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from keepwarm.lib import words

register = template.Library()

register.filter("short_date", words.short_date, expects_localtime=True)
register.filter("long_date", words.long_date, expects_localtime=True)
register.filter("month_day", words.month_day)
register.filter("days_from_now", words.days_from_now)
register.filter("warmth_class", words.warmth_class)


@register.filter(expects_localtime=True)
def day_month(value: dt.date | None, style: str = "") -> str:
    """ "25 Nov", or ``:"long"`` "25 November"."""
    return words.day_month(value, long=style == "long") if value else ""


@register.filter(expects_localtime=True)
def weekday_date(value: dt.date | None, style: str = "") -> str:
    """ "Wed 25 Nov", or ``:"long"`` "Wednesday 25 November"."""
    return words.weekday_date(value, long=style == "long") if value else ""


@register.filter(expects_localtime=True)
def month_year(value: dt.date | None, style: str = "") -> str:
    """ "Nov 2026", or ``:"long"`` "November 2026"."""
    return words.month_year(value, long=style == "long") if value else ""


@register.filter(expects_localtime=True)
def month_name(value: dt.date | None, style: str = "") -> str:
    """ "Nov", or ``:"long"`` "November"."""
    return words.month_name(value, long=style == "long") if value else ""


@register.filter(expects_localtime=True)
def moment(value: dt.datetime | None, style: str = "") -> str:
    """ "25 Nov 2026, 14:05", or ``:"short"`` "25 Nov, 14:05"."""
    return words.moment(value, year=style != "short") if value else ""


@register.filter
def natural_day(value: dt.date | None, style: str = "long") -> str:
    """ "today", "yesterday", "tomorrow", else the date in the long (or "short") style."""
    return words.relative_day(value, timezone.localdate(), long=style != "short")


@register.filter(expects_localtime=True)
def since(day: dt.date | None, today: dt.date | None = None) -> str:
    """ "today", "yesterday", "5 days ago", "3 months ago", "never"; a moment
    (a session last seen, a merge) by its day in the user's time zone."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return words.since(day, today or timezone.localdate())


def _forms(forms: str) -> tuple[str, str | None]:
    """ "touch,touches" as the word for one and for many; "card" has no many."""
    one, _, many = forms.partition(",")
    return one, many or None


@register.filter
def plural(count: int, forms: str) -> str:
    """``{{ 3|plural:"touch,touches" }}`` "3 touches"; ``"card"`` adds an s."""
    return words.plural(count, *_forms(forms))


@register.filter
def for_count(count: int, forms: str) -> str:
    """``{{ 3|for_count:"person,people" }}`` "people": the word alone, beside a
    number written apart; ``"card"`` adds an s."""
    return words.for_count(count, *_forms(forms))
