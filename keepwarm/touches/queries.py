"""Read-only views of the touch log and follow-ups: the home page, the follow-up
tabs and the touch log. Every function runs a fixed number of queries, whatever
the number of people."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from keepwarm.contacts.models import Circle, Person
from keepwarm.contacts.queries import Birthday, birthday_of
from keepwarm.owned import owned
from keepwarm.planner.dates import MonthDay
from keepwarm.planner.occasions import EMAIL_NEEDS
from keepwarm.touches.models import Channel, FollowUp, Touch, TouchKind

# Circles whose target is at least this many touches a year are the "inner"
# circles (Close 12 and Core 7 by default): people there should not go cold.
INNER_CIRCLE_MIN_TOUCHES = 6
COLD_AFTER_DAYS = 183
BIRTHDAY_WINDOW_DAYS = 14
FOLLOW_UP_TABS = ("overdue", "due", "upcoming", "done")


def kind_for_occasion(
    user: Any, *occasions: str, cheapest: bool = False, by_email: bool = False
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


def active_people(user: Any) -> QuerySet[Person]:
    """People the user keeps in touch with: not archived, not deceased."""
    return owned(Person, user).filter(archived=False, deceased=False)


def in_network(user: Any) -> QuerySet[Person]:
    """``active_people`` the user sorted into a circle: not those an import
    brought in who wait to be sorted (``contacts.models.WAITING``). Their
    birthdays are not the user's to remember yet: not on the home page, in
    the digest or in the calendar feed, as they are not in the plan."""
    return active_people(user).filter(circle__isnull=False)


def inner_circles(user: Any) -> list[Circle]:
    return list(owned(Circle, user).filter(touches_per_year__gte=INNER_CIRCLE_MIN_TOUCHES))


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
    going_cold: int
    inner_circle_names: list[str]
    never_touched: int = 0
    """Inner-circle people with no touch logged yet, not (yet) counted as cold:
    how warm they are is not known, so "All warm" is not said of them."""


def _inner_and_not_paused(today: dt.date) -> Q:
    not_paused = Q(paused_until__isnull=True) | Q(paused_until__lte=today)
    return Q(circle__touches_per_year__gte=INNER_CIRCLE_MIN_TOUCHES) & not_paused


def _start_of(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the current time zone: ``created_at`` before
    it is "added before ``day``", compared on the column as stored (no per-row
    conversion to a local date)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def going_cold_filter(today: dt.date) -> Q:
    """Inner-circle people, not paused, untouched for half a year (or never, and
    added more than half a year ago)."""
    half_a_year_ago = today - dt.timedelta(days=COLD_AFTER_DAYS)
    untouched = Q(last_touch_on__isnull=True, created_at__lt=_start_of(half_a_year_ago)) | Q(
        last_touch_on__lt=half_a_year_ago
    )
    return _inner_and_not_paused(today) & untouched


def not_known_yet_filter(today: dt.date) -> Q:
    """Inner-circle people, not paused, with no touch logged and added within half
    a year: not cold (yet), and not known to be warm either."""
    half_a_year_ago = today - dt.timedelta(days=COLD_AFTER_DAYS)
    never = Q(last_touch_on__isnull=True, created_at__gte=_start_of(half_a_year_ago))
    return _inner_and_not_paused(today) & never


def home_stats(user: Any, today: dt.date) -> HomeStats:
    people = active_people(user).aggregate(
        # Those still waiting to be sorted are not in the network yet (the
        # home page counts them apart, with a link to sort them).
        total=Count("id", filter=Q(circle__isnull=False)),
        cold=Count("id", filter=going_cold_filter(today)),
        unknown=Count("id", filter=not_known_yet_filter(today)),
    )
    since = today - dt.timedelta(days=30)
    return HomeStats(
        people=people["total"],
        touches_30_days=owned(Touch, user).filter(date__gt=since).count(),
        follow_ups_due=open_follow_ups(user).filter(due__lte=today).count(),
        going_cold=people["cold"],
        inner_circle_names=[c.name for c in inner_circles(user)],
        never_touched=people["unknown"],
    )


def going_cold(user: Any, today: dt.date, limit: int = 8) -> list[Person]:
    """The coldest inner-circle people: never touched first, then the longest quiet."""
    people = active_people(user).filter(going_cold_filter(today)).select_related("circle")
    order = (F("last_touch_on").asc(nulls_first=True), "sort_name", "id")
    return list(people.order_by(*order)[:limit])


def recent_touches(user: Any, limit: int = 10) -> list[Touch]:
    return list(people_with_touches(owned(Touch, user).order_by("-date", "-id"))[:limit])


def _month_days(today: dt.date, days: int) -> dict[int, set[int]]:
    """The (month, day) pairs of the next ``days`` days, by month.

    29 February is observed on 28 February in a common year, so that day also
    asks for 29 February birthdays.
    """
    wanted: dict[int, set[int]] = defaultdict(set)
    for offset in range(days + 1):
        day = today + dt.timedelta(days=offset)
        wanted[day.month].add(day.day)
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            wanted[2].add(29)
    return wanted


def _born_within(user: Any, today: dt.date, days: int) -> QuerySet[Person]:
    condition = Q()
    for month, month_days in _month_days(today, days).items():
        condition |= Q(birthday_month=month, birthday_day__in=sorted(month_days))
    return in_network(user).filter(condition)


def coming_birthdays(user: Any, today: dt.date, days: int = BIRTHDAY_WINDOW_DAYS) -> list[Birthday]:
    """Birthdays from today to ``days`` ahead, soonest first, with the age turned."""
    return first_coming_birthdays(user, today, None, days)[0]


def first_coming_birthdays(
    user: Any, today: dt.date, limit: int | None, days: int = BIRTHDAY_WINDOW_DAYS
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


def open_follow_ups(user: Any) -> QuerySet[FollowUp]:
    return owned(FollowUp, user).filter(done_at__isnull=True)


def follow_ups_due(user: Any, today: dt.date, limit: int = 10) -> list[FollowUp]:
    """Open follow-ups due today or before, oldest first."""
    due = open_follow_ups(user).filter(due__lte=today).select_related("person")
    return list(due.order_by("due", "id")[:limit])


def follow_up_counts(user: Any, today: dt.date) -> dict[str, int]:
    """How many follow-ups each tab holds, in one query."""
    is_open = Q(done_at__isnull=True)
    # Aliases must not shadow the ``due`` field the filters use.
    counts = owned(FollowUp, user).aggregate(
        n_overdue=Count("id", filter=is_open & Q(due__lt=today)),
        n_due=Count("id", filter=is_open & Q(due=today)),
        n_upcoming=Count("id", filter=is_open & Q(due__gt=today)),
        n_done=Count("id", filter=Q(done_at__isnull=False)),
    )
    return {tab: counts[f"n_{tab}"] for tab in FOLLOW_UP_TABS}


def follow_ups_in(user: Any, tab: str, today: dt.date) -> QuerySet[FollowUp]:
    """The follow-ups of one tab: overdue, due (today), upcoming or done."""
    follow_ups = owned(FollowUp, user).select_related("person")
    if tab == "done":
        return follow_ups.filter(done_at__isnull=False).order_by("-done_at", "-id")
    lookup = {"overdue": "due__lt", "due": "due", "upcoming": "due__gt"}[tab]
    return follow_ups.filter(done_at__isnull=True, **{lookup: today}).order_by("due", "id")


def default_follow_up_tab(counts: dict[str, int]) -> str:
    for tab in ("overdue", "due"):
        if counts[tab]:
            return tab
    return "upcoming"


# Touch log -----------------------------------------------------------------


def touch_log(
    user: Any, *, kind: TouchKind | None = None, person: Person | None = None
) -> QuerySet[Touch]:
    """The user's touches, newest first, optionally of one kind or with one person."""
    touches = owned(Touch, user)
    if kind is not None:
        touches = touches.filter(kind=kind)
    if person is not None:
        touches = touches.filter(people=person)
    return people_with_touches(touches.order_by("-date", "-id"))
