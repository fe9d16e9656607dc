"""Each user's iCalendar feed: birthdays, key dates, the next weeks of planned
touches, open follow-ups and the gatherings the user hosts, at a secret address.

The address holds a random token (``ReminderSettings.calendar_token``); making a
new one revokes the old address at once. Everything in a feed is read through
``keepwarm.owned`` for the token's owner: no other user's data, ever. The web
feed and ``keepwarm calendar -o FILE`` call the same ``feed`` and give the same
bytes: links in events use the configured base address, not the request's.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from keepwarm.accounts.models import zone_of
from keepwarm.contacts.models import KeyDate, Person
from keepwarm.formats import ical
from keepwarm.mail.models import ReminderSettings, new_token, settings_of
from keepwarm.owned import owned
from keepwarm.plans import services
from keepwarm.touches.models import FollowUp
from keepwarm.touches.queries import in_network

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

FEED_WEEKS = 8
"""Planned touches in the feed: this week and the weeks up to eight weeks ahead."""

UNKNOWN_YEAR = 2000
"""The first year of a yearly date whose year is not known: a leap year (so a
29 February has its day), and early enough to cover every year a user looks at."""

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


# The address ------------------------------------------------------------------


def feed_url(request: Any, user: User) -> str:
    """The user's secret feed address: on the host of ``request`` when there is
    one (what the browser shows), else on ``KEEPWARM_BASE_URL``."""
    token = settings_of(user).calendar_token
    if request is not None:
        return str(request.build_absolute_uri(reverse("calendar_feed", args=[token])))
    return _link("calendar_feed", token)


def regenerate(user: User) -> ReminderSettings:
    """A new secret address for the user's feed; the old one stops working now."""
    found = settings_of(user)
    found.calendar_token = new_token()
    found.save(update_fields=["calendar_token"])
    return found


def owner_of(token: str) -> Any | None:
    """The active user whose feed token this is, or None (malformed, unknown,
    revoked). One lookup through the unique index, then a constant-time compare."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    row = (
        ReminderSettings.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )
    if row is None or not secrets.compare_digest(row.calendar_token, token):
        return None
    return row.user


def _link(name: str, *args: Any) -> str:
    """An absolute link on the configured base address (same from web and CLI)."""
    path = reverse(name, args=args)[len(get_script_prefix()) - 1 :]
    base = getattr(settings, "KEEPWARM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}"


# The feed ----------------------------------------------------------------------


def feed(user: User, today: dt.date | None = None) -> tuple[bytes, int]:
    """The user's calendar as iCalendar bytes, and how many events it holds.

    Dates are the user's own: "today" is their local date, whoever asks.
    """
    zone = zone_of(user)
    with timezone.override(zone):
        day = today or timezone.localdate()
        found = events(user, day)
    stamp = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    return ical.render(found, name=f"keepwarm: {user.get_username()}", stamp=stamp), len(found)


def events(user: User, today: dt.date) -> list[ical.Event]:
    """Every event of the user's feed as of ``today``, from each source in turn."""
    found: list[ical.Event] = []
    for source in SOURCES:
        found.extend(source(user, today))
    return found


def _yearly_day(month: int, day: int, year: int | None) -> dt.date | None:
    """The first day of a yearly date: in its year when known, else ``UNKNOWN_YEAR``."""
    for candidate in (year, UNKNOWN_YEAR):
        if candidate is None:
            continue
        try:
            return dt.date(candidate, month, day)
        except ValueError:
            continue  # 29 February in a common year (bad data): try the leap year
    return None


def _about(lines: list[str], link: str) -> str:
    return "\n".join([*lines, f"In keepwarm: {link}"])


def _living(user: User) -> Any:
    """Those whose dates the feed holds (``touches.queries.in_network``)."""
    return in_network(user)


def _yearly_event(
    uid: str,
    date: tuple[int, int, int | None],
    person: Person,
    summary: str,
    *,
    note: str,
    category: str,
) -> ical.Event | None:
    """A date that comes back every year, on the person's page in keepwarm; None
    when the date cannot be placed."""
    month, day_of_month, year = date
    day = _yearly_day(month, day_of_month, year)
    if day is None:
        return None
    link = _link("person", person.pk)
    return ical.Event(
        uid=uid,
        day=day,
        summary=summary,
        description=_about([note] if note else [], link),
        url=link,
        yearly=True,
        category=category,
        stamp=person.updated_at,
    )


def birthdays(user: User, today: dt.date) -> list[ical.Event]:
    """One yearly event per birthday; not for the deceased or the archived."""
    people = _living(user).filter(birthday_month__isnull=False, birthday_day__isnull=False)
    fields = ("id", "display_name", "birthday_month", "birthday_day", "birthday_year")
    events = (
        _yearly_event(
            f"birthday-{person.pk}@keepwarm",
            (person.birthday_month, person.birthday_day, person.birthday_year),
            person,
            f"{person.display_name}'s birthday",
            note=f"Born in {person.birthday_year}." if person.birthday_year else "",
            category="Birthday",
        )
        for person in people.only(*fields, "updated_at")
    )
    return [event for event in events if event is not None]


def key_dates(user: User, today: dt.date) -> list[ical.Event]:
    """One yearly event per key date (from its year when known); not for the
    deceased or the archived."""
    rows = owned(KeyDate, user).filter(person__in=_living(user))
    events = (
        _yearly_event(
            f"keydate-{row.pk}@keepwarm",
            (row.month, row.day, row.year),
            row.person,
            f"{row.person.display_name}: {row.label}",
            note=f"Since {row.year}." if row.year else "",
            category="Key date",
        )
        for row in rows.select_related("person")
    )
    return [event for event in events if event is not None]


def follow_ups(user: User, today: dt.date) -> list[ical.Event]:
    """Every open follow-up on its due date (overdue ones stay on theirs)."""
    found = []
    for follow_up in owned(FollowUp, user).open().select_related("person"):
        link = _link("person", follow_up.person_id)
        found.append(
            ical.Event(
                uid=f"followup-{follow_up.pk}@keepwarm",
                day=follow_up.due,
                summary=f"Follow-up: {follow_up.text} ({follow_up.person.display_name})",
                description=_about([f"A follow-up for {follow_up.person.display_name}."], link),
                url=link,
                category="Follow-up",
                stamp=follow_up.created_at,
            )
        )
    return found


def planned_touches(user: User, today: dt.date) -> list[ical.Event]:
    """This week's and the next weeks' suggestions from the (cached) plan, each
    on its day, up to ``FEED_WEEKS`` weeks from ``today``."""
    plan = services.current(user, today)
    end = today + dt.timedelta(weeks=FEED_WEEKS)
    link = _link("home")
    found = []
    for item in plan.plan.items():
        names = plan.names(item)
        if item.date >= end or not names:
            continue
        found.append(
            ical.Event(
                uid=f"plan-{item.id}@keepwarm",
                day=item.date,
                summary=f"{item.kind[:1].upper()}{item.kind[1:]}: {', '.join(names)}",
                description=_about([item.reason, "Mark it done or skip it on your agenda."], link),
                url=link,
                category="Planned touch",
            )
        )
    return found


def gatherings(user: User, today: dt.date) -> list[ical.Event]:
    """Each coming gathering the user hosts on its day, with its time and place."""
    from keepwarm.occasions.models import Gathering

    found = []
    for gathering in owned(Gathering, user).filter(date__gte=today).order_by("date", "id"):
        link = _link("gathering", gathering.pk)
        when = f"{gathering.time:%H:%M}" if gathering.time else ""
        where = gathering.place.strip()
        details = [f"{part}." for part in (f"At {when}" if when else "", where) if part]
        details += [gathering.note.strip()] if gathering.note.strip() else []
        summary = ", ".join(part for part in (gathering.title, when, where) if part)
        found.append(
            ical.Event(
                uid=f"gathering-{gathering.pk}@keepwarm",
                day=gathering.date,
                summary=summary,
                description=_about(details, link),
                url=link,
                category="Gathering",
                stamp=gathering.created_at,
            )
        )
    return found


SOURCES: tuple[Callable[[Any, dt.date], list[ical.Event]], ...] = (
    birthdays,
    key_dates,
    planned_touches,
    follow_ups,
    gatherings,
)
