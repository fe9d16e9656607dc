"""iCalendar (RFC 5545): a calendar of all-day events, rendered and read back.

Every event is a whole day (``DTSTART;VALUE=DATE``), optionally repeating
yearly. A yearly event on 29 February repeats with
``FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1``: on the 29th in leap years and on
28 February otherwise (a plain ``FREQ=YEARLY`` fires only in leap years).

The caller gives each event a stable UID and the feed a stable DTSTAMP, so the
same data renders to the same bytes and a calendar client updates events in
place instead of duplicating them. Who is in the feed (no birthdays of the
deceased, no one else's people) is the caller's choice: this module only writes.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import icalendar

from keepwarm.formats.records import FormatError
from keepwarm.formats.text import readable

PRODID = "-//keepwarm//keepwarm calendar feed//EN"
REFRESH = dt.timedelta(hours=6)
"""How often a client should fetch the feed again (a hint; clients choose)."""

LEAP_DAY_RULE = {"FREQ": "YEARLY", "BYMONTH": 2, "BYMONTHDAY": -1}
YEARLY_RULE = {"FREQ": "YEARLY"}

# RFC 5545 allows no control characters in text but the tab (and line breaks,
# which the library escapes as \n): keepwarm's one rule for text (``text.readable``).
MAX_TEXT = 2000


@dataclass(frozen=True)
class Event:
    """One all-day event; ``yearly`` repeats it every year from ``day`` on."""

    uid: str
    day: dt.date
    summary: str
    description: str = ""
    url: str = ""
    yearly: bool = False
    category: str = ""
    stamp: dt.datetime | None = None
    """When this event last changed (DTSTAMP); the calendar's ``stamp`` when None."""


def clean_text(text: str, *, one_line: bool = False) -> str:
    """Text a calendar may hold: no control characters, no lone surrogates, no
    byte-order mark (calendar writers drop it: a text of only that comes back
    empty), ``\\r\\n`` as ``\\n`` (a summary on one line), at most ``MAX_TEXT`` characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if one_line:
        text = " ".join(text.split("\n"))
    text = readable(text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cs")
    return text.strip()[:MAX_TEXT]


class _Text(icalendar.vText):
    """TEXT escaped as RFC 5545 (3.3.11) says. The library's own escaping first
    reads a literal backslash-N in the text as a line break, so a note holding
    ``\\N`` would come back changed."""

    def to_ical(self) -> bytes:
        text = str(self).replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
        return text.replace("\n", r"\n").encode("utf-8")


def _utc(stamp: dt.datetime) -> dt.datetime:
    """A DTSTAMP in UTC to the second (a naive time is taken as UTC)."""
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC).replace(microsecond=0)


def _rule(event: Event) -> dict[str, Any] | None:
    if not event.yearly:
        return None
    leap_day = (event.day.month, event.day.day) == (2, 29)
    return dict(LEAP_DAY_RULE if leap_day else YEARLY_RULE)


def _component(event: Event, stamp: dt.datetime) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", clean_text(event.uid, one_line=True))
    component.add("dtstamp", _utc(event.stamp or stamp))
    component.add("dtstart", event.day)
    component.add("dtend", event.day + dt.timedelta(days=1))
    rule = _rule(event)
    if rule is not None:
        component.add("rrule", rule)
    component.add("summary", _Text(clean_text(event.summary, one_line=True)))
    if event.description.strip():
        component.add("description", _Text(clean_text(event.description)))
    if event.url:
        component.add("url", clean_text(event.url, one_line=True))
    if event.category:
        component.add("categories", [clean_text(event.category, one_line=True)])
    component.add("transp", "TRANSPARENT")  # a birthday does not make you busy
    return component


def render(events: Iterable[Event], *, name: str, stamp: dt.datetime) -> bytes:
    """The calendar as iCalendar bytes (UTF-8, CRLF lines folded at 75 octets).

    Events come out by day, then UID: the same events always give the same bytes.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    title = clean_text(name, one_line=True) or "keepwarm"
    calendar.add("x-wr-calname", title)
    calendar.add("name", title)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    for event in sorted(events, key=lambda e: (e.day, e.uid)):
        calendar.add_component(_component(event, stamp))
    return bytes(calendar.to_ical())


def _date(component: Any, line: int) -> dt.date:
    start = component.get("dtstart")
    value = getattr(start, "dt", None)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise FormatError(f"Event {line}: it has no start date (DTSTART).")


def _text(component: Any, key: str) -> str:
    value = component.get(key)
    if value is None:
        return ""
    if isinstance(value, list):  # a property given twice
        value = value[0]
    return str(value)


def _category(component: Any) -> str:
    value = component.get("categories")
    if value is None:
        return ""
    first = value[0] if isinstance(value, list) else value
    cats = getattr(first, "cats", None) or [first]
    return str(cats[0]) if cats else ""


def _stamp(component: Any) -> dt.datetime | None:
    value = getattr(component.get("dtstamp"), "dt", None)
    return value if isinstance(value, dt.datetime) else None


def _event(component: Any, line: int) -> Event:
    return Event(
        uid=_text(component, "uid"),
        day=_date(component, line),
        summary=_text(component, "summary"),
        description=_text(component, "description"),
        url=_text(component, "url"),
        yearly=_is_yearly(component),
        category=_category(component),
        stamp=_stamp(component),
    )


def _is_yearly(component: Any) -> bool:
    rule = component.get("rrule")
    freq: Any = rule.get("FREQ") if hasattr(rule, "get") else None
    return bool(freq) and str(freq[0]).upper() == "YEARLY"


def parse(data: bytes) -> list[Event]:
    """The events of an iCalendar file, in file order; a clear error for a file
    that is not one. Only what ``render`` writes is read back (one day each)."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        raise FormatError(f"This is not an iCalendar file: {exc}") from None
    if not isinstance(calendar, icalendar.Calendar):
        raise FormatError("This is not an iCalendar file: it has no VCALENDAR.")
    return [
        _event(component, number)
        for number, component in enumerate(calendar.walk("VEVENT"), start=1)
    ]
