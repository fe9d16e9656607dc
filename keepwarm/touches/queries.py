"""Read-only views of the touch log and follow-ups: the home page, the follow-up
tabs and the touch log. Every function runs a fixed number of queries, whatever
the number of people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from keepwarm.contacts.models import (
    INNER,
    INNER_TARGET,
    Circle,
    Person,
    PersonQuerySet,
    not_paused_on,
)
from keepwarm.contacts.queries import Birthday, birthday_of
from keepwarm.lib.dates import MonthDay
from keepwarm.owned import owned
from keepwarm.planner.occasions import EMAIL_NEEDS
from keepwarm.touches.models import OPEN, Channel, FollowUp, Touch, TouchKind

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

QUIET_AFTER_DAYS = 183
"""An inner-circle friend untouched this long has "gone quiet" (the home page).
Quiet is time since the last touch; "cold" is a warmth word (``lib.words``,
the health page), never this."""
BIRTHDAY_WINDOW_DAYS = 14
FOLLOW_UP_TABS = ("overdue", "due", "upcoming", "done")


def kind_for_occasion(
    user: User, *occasions: str, cheapest: bool = False, by_email: bool = False
) -> TouchKind | None:
    """The user's touch kind kept for the first of ``occasions`` they have one for
    (``""``: a routine kind): by their own order, or the cheapest first; only
    digital kinds an email can be (``EMAIL_NEEDS``) ``by_email``."""
    order = ("minutes", "position", "id") if cheapest else ("position", "id")
    kinds = owned(TouchKind, user).order_by(*order)
    if by_email:
        kinds = kinds.filter(needs__in=EMAIL_NEEDS, channel=Channel.DIGITAL)
    for occasion in occasions:
        found = kinds.filter(occasion=occasion).first()
        if found is not None:
            return found
    return None


def active_people(user: User) -> PersonQuerySet:
    """The user's people they keep in touch with (``PersonQuerySet.active``)."""
    return owned(Person, user).active()  # type: ignore[attr-defined]


def in_network(user: User) -> PersonQuerySet:
    """The user's people sorted into a circle (``PersonQuerySet.in_network``)."""
    return owned(Person, user).in_network()  # type: ignore[attr-defined]


def inner_circles(user: User) -> list[Circle]:
    return list(owned(Circle, user).filter(touches_per_year__gte=INNER_TARGET))


def people_with_touches(queryset: QuerySet[Touch]) -> QuerySet[Touch]:
    """Touches with their kind and their people (names only), in two queries."""
    people = Person.objects.only("id", "display_name").order_by("sort_name", "id")
    return queryset.select_related("kind").prefetch_related(Prefetch("people", queryset=people))


# Home page -----------------------------------------------------------------


@dataclass(frozen=True)
class HomeStats:
    people: int
    touches_30_days: int
    follow_ups_due: int
    gone_quiet: int
    inner_circle_names: list[str]
    never_touched: int = 0
    """Inner-circle people with no touch logged yet, not (yet) counted as cold:
    how warm they are is not known, so "All warm" is not said of them."""


def _inner_and_not_paused(today: dt.date) -> Q:
    return INNER & not_paused_on(today)


def _start_of(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the current time zone: ``created_at`` before
    it is "added before ``day``", compared on the column as stored (no per-row
    conversion to a local date)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def gone_quiet_filter(today: dt.date) -> Q:
    """Inner-circle people, not paused, untouched for half a year (or never, and
    added more than half a year ago)."""
    half_a_year_ago = today - dt.timedelta(days=QUIET_AFTER_DAYS)
    untouched = Q(last_touch_on__isnull=True, created_at__lt=_start_of(half_a_year_ago)) | Q(
        last_touch_on__lt=half_a_year_ago
    )
    return _inner_and_not_paused(today) & untouched


def not_known_yet_filter(today: dt.date) -> Q:
    """Inner-circle people, not paused, with no touch logged and added within half
    a year: not cold (yet), and not known to be warm either."""
    half_a_year_ago = today - dt.timedelta(days=QUIET_AFTER_DAYS)
    never = Q(last_touch_on__isnull=True, created_at__gte=_start_of(half_a_year_ago))
    return _inner_and_not_paused(today) & never


def home_stats(user: User, today: dt.date) -> HomeStats:
    people = active_people(user).aggregate(
        # Those still waiting to be sorted are not in the network yet (the
        # home page counts them apart, with a link to sort them).
        total=Count("id", filter=Q(circle__isnull=False)),
        quiet=Count("id", filter=gone_quiet_filter(today)),
        unknown=Count("id", filter=not_known_yet_filter(today)),
    )
    since = today - dt.timedelta(days=30)
    return HomeStats(
        people=people["total"],
        touches_30_days=owned(Touch, user).filter(date__gt=since).count(),
        follow_ups_due=open_follow_ups(user).filter(due__lte=today).count(),
        gone_quiet=people["quiet"],
        inner_circle_names=[c.name for c in inner_circles(user)],
        never_touched=people["unknown"],
    )


def gone_quiet(user: User, today: dt.date, limit: int = 8) -> list[Person]:
    """Inner-circle people gone quiet: never touched first, then the longest quiet."""
    people = active_people(user).filter(gone_quiet_filter(today)).select_related("circle")
    order = (F("last_touch_on").asc(nulls_first=True), "sort_name", "id")
    return list(people.order_by(*order)[:limit])


def recent_touches(user: User, limit: int = 10) -> list[Touch]:
    return list(people_with_touches(owned(Touch, user).order_by("-date", "-id"))[:limit])


def _born_within(user: User, today: dt.date, days: int) -> QuerySet[Person]:
    return in_network(user).born_between(today, today + dt.timedelta(days=days))


def coming_birthdays(
    user: User, today: dt.date, days: int = BIRTHDAY_WINDOW_DAYS
) -> list[Birthday]:
    """Birthdays from today to ``days`` ahead, soonest first, with the age turned."""
    return first_coming_birthdays(user, today, None, days)[0]


def first_coming_birthdays(
    user: User, today: dt.date, limit: int | None, days: int = BIRTHDAY_WINDOW_DAYS
) -> tuple[list[Birthday], int]:
    """The first ``limit`` of the coming birthdays (all of them for None) and how
    many there are in all: their days are worked out from plain rows, and only
    those returned are loaded as people (a large network has hundreds)."""
    # Unordered: the people's default order (by name) made SQLite walk every
    # person by name instead of looking the days up by birthday (9 ms -> 0.6 ms
    # at 10,000 people); the order is worked out below.
    rows = (
        _born_within(user, today, days)
        .order_by()
        .values_list("pk", "display_name", "birthday_month", "birthday_day", "birthday_year")
    )
    dates = []
    for pk, name, month, day, year in rows:
        date = MonthDay(month, day, year).next_on_or_after(today)
        if (date - today).days <= days:
            dates.append((date, name, pk))
    dates.sort()
    shown = [pk for _, _, pk in dates[:limit]]
    people = _born_within(user, today, days).select_related("circle").in_bulk(shown)
    found = [birthday_of(people[pk], today) for pk in shown if pk in people]
    return [b for b in found if b is not None], len(dates)


# Follow-ups ----------------------------------------------------------------


def open_follow_ups(user: User) -> QuerySet[FollowUp]:
    return owned(FollowUp, user).open()  # type: ignore[attr-defined, no-any-return]


def follow_ups_due(user: User, today: dt.date, limit: int = 10) -> list[FollowUp]:
    """Open follow-ups due today or before, oldest first."""
    due = open_follow_ups(user).filter(due__lte=today).select_related("person")
    return list(due.order_by("due", "id")[:limit])


def follow_up_counts(user: User, today: dt.date) -> dict[str, int]:
    """How many follow-ups each tab holds, in one query."""
    is_open = OPEN
    # Aliases must not shadow the ``due`` field the filters use.
    counts = owned(FollowUp, user).aggregate(
        n_overdue=Count("id", filter=is_open & Q(due__lt=today)),
        n_due=Count("id", filter=is_open & Q(due=today)),
        n_upcoming=Count("id", filter=is_open & Q(due__gt=today)),
        n_done=Count("id", filter=~OPEN),
    )
    return {tab: counts[f"n_{tab}"] for tab in FOLLOW_UP_TABS}


def follow_ups_in(user: User, tab: str, today: dt.date) -> QuerySet[FollowUp]:
    """The follow-ups of one tab: overdue, due (today), upcoming or done."""
    follow_ups = owned(FollowUp, user).select_related("person")
    if tab == "done":
        return follow_ups.done().order_by("-done_at", "-id")
    lookup = {"overdue": "due__lt", "due": "due", "upcoming": "due__gt"}[tab]
    return follow_ups.open().filter(**{lookup: today}).order_by("due", "id")


def default_follow_up_tab(counts: dict[str, int]) -> str:
    for tab in ("overdue", "due"):
        if counts[tab]:
            return tab
    return "upcoming"


# Touch log -----------------------------------------------------------------


def touch_log(
    user: User, *, kind: TouchKind | None = None, person: Person | None = None
) -> QuerySet[Touch]:
    """The user's touches, newest first, optionally of one kind or with one person."""
    touches = owned(Touch, user)
    if kind is not None:
        touches = touches.filter(kind=kind)
    if person is not None:
        touches = touches.filter(people=person)
    return people_with_touches(touches.order_by("-date", "-id"))
