"""The one adapter from the database to the planner's snapshot."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import timezone

from keepwarm.contacts.losses import deaths_in_the_family
from keepwarm.contacts.models import (
    INNER_TARGET,
    Address,
    ContactPoint,
    LifeEvent,
    Person,
)
from keepwarm.lib.dates import MonthDay
from keepwarm.owned import owned
from keepwarm.planner import model
from keepwarm.planner.occasions import LIFE_EVENT_MEMORY_DAYS
from keepwarm.planner.parties import season_of
from keepwarm.plans.models import Choice
from keepwarm.plans.recent import Recent
from keepwarm.touches.history import PER_READ, past_touches
from keepwarm.touches.models import Touch, TouchKind

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


def week_start_of(day: dt.date, week_start: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)


def build(user: User, today: dt.date, keep: bool = False) -> model.Snapshot:
    """What the planner reads of ``user`` on ``today``. With ``keep`` (only once
    the user has a plan version, whose changes mark the people they touch:
    ``services.invalidate``), the people are kept in this process, and the next
    snapshot with ``keep`` reads again only those marked since (``_people``)."""
    profile = user.profile
    kinds = tuple(
        model.Kind(
            id=k.pk,
            label=k.label,
            minutes=k.minutes,
            needs=k.needs,
            occasion=k.occasion,
            weight=float(k.warmth_weight),
            batchable=k.batchable,
            setup=k.setup_minutes,
        )
        for k in owned(TouchKind, user)
    )
    choices = list(owned(Choice, user).values_list("item_id", "action", "kind_id", "created_at"))
    first_day = week_start_of(today, profile.week_start)
    return model.Snapshot(
        today=today,
        budget_minutes=profile.weekly_budget_minutes,
        people=tuple(_people(user, today, profile.home_city, keep)),
        kinds=kinds,
        week_start=profile.week_start,
        spent_this_week=_spent(user, first_day, today),
        skipped={
            item: timezone.localdate(made)
            for item, action, _, made in choices
            if action == Choice.Action.SKIP
        },
        swaps={
            item: kind for item, action, kind, _ in choices if action == Choice.Action.SWAP and kind
        },
        done=frozenset(item for item, action, _, _ in choices if action == Choice.Action.DONE),
        gatherings=tuple(_gatherings(user, today)),
        trips=tuple(_trips(user, today)),
        **_card_season(user, today),
    )


def _card_season(user: User, today: dt.date) -> dict[str, Any]:
    """The send window of the user's coming (or current) holiday-card run, when
    there is one: the planner then turns routine touches into cards inside it."""
    from keepwarm.occasions.models import CardRun

    run = (
        owned(CardRun, user)
        .filter(send_until__gte=today, closed_at__isnull=True)
        .order_by("send_from", "id")
        .values_list("send_from", "send_until")
        .first()
    )
    if run is None:
        return {}
    first, last = run
    return {"card_season": (MonthDay(first.month, first.day), MonthDay(last.month, last.day))}


def _spent(user: User, first_day: dt.date, today: dt.date) -> int:
    """Minutes the touches logged this week took, priced as the planner prices
    them (``Kind.cost``): a card evening for forty its setup and forty cards; a
    coffee with two friends one coffee."""
    rows = (
        owned(Touch, user)
        .filter(date__gte=first_day, date__lte=today)
        .annotate(count=Count("people"))
        .values_list("kind__minutes", "kind__setup_minutes", "kind__batchable", "count")
    )
    return sum(
        model.Kind(0, "", minutes, batchable=batchable, setup=setup).cost(count if batchable else 1)
        for minutes, setup, batchable, count in rows
    )


def _people(user: User, today: dt.date, home_city: str, keep: bool) -> list[model.Person]:
    """Everyone, in id order: the people read since the user's last snapshot
    (``_Kept``) are kept, the others read again (marked by a change since:
    ``Person.plan_mark``), and the deaths in the family added afresh."""
    marks = dict(owned(Person, user).order_by("id").values_list("id", "plan_mark"))
    key = (today, home_city.strip().casefold(), timezone.get_current_timezone_name())
    kept = _kept.get(user.pk) if keep else None
    if kept is not None and kept.key != key:
        kept = None
    if kept is None:
        changed = None
    else:
        changed = [pid for pid, mark in marks.items() if kept.marks.get(pid) != mark]
        if len(changed) > PER_READ:
            changed = None  # as quick to read them all
    fresh = _read_people(user, today, home_city, changed)
    if kept is not None and changed is not None:
        read = set(changed)
        people = {pid: kept.people[pid] for pid in marks if pid not in read}
        people.update(fresh)
    else:
        people = fresh
    if keep:  # one added after the marks were read has none kept: read again next time
        _kept.put(user.pk, _Kept(key, {pid: marks[pid] for pid in people if pid in marks}, people))
    deaths: dict[int, list[model.LifeEvent]] = defaultdict(list)
    for death in deaths_in_the_family(user, today):
        deaths[death.relative].append(death.event)
    return [
        replace(person, life_events=person.life_events + tuple(deaths[pid]))
        if pid in deaths
        else person
        for pid, person in sorted(people.items())
    ]


@dataclass(frozen=True)
class _Kept:
    key: tuple[dt.date, str, str]
    """The day, home city and time zone they were read for."""
    marks: dict[int, int]
    people: dict[int, model.Person]
    """Without the deaths in their family."""


PEOPLE_KEPT = 8
_kept: Recent[int, _Kept] = Recent(PEOPLE_KEPT)
"""Each user's people as their last snapshot read them, in this process (the
most recent ``PEOPLE_KEPT`` users): the next snapshot reads only those changed
since. At 10,000 people and 200,000 touches about 30 MB a user (the touches of
one day and kind are one shared object)."""


def forget_people() -> None:
    """Read everyone again at the next snapshot (tests: ids repeat between them)."""
    _kept.clear()


def _read_people(
    user: User, today: dt.date, home_city: str, ids: list[int] | None = None
) -> dict[int, model.Person]:
    """The planner's people (of ``ids`` only, when given), by id, without the
    deaths in their family."""
    if ids == []:
        return {}
    history = past_touches(user, today, ids)

    def of(rows: Any, field: str = "person_id") -> Any:
        return rows if ids is None else rows.filter(**{f"{field}__in": ids})

    has: dict[int, set[str]] = defaultdict(set)
    for pid in of(owned(Address, user)).values_list("person_id", flat=True).distinct():
        has[pid].add("address")
    emails: dict[int, str] = {}
    points = of(owned(ContactPoint, user)).order_by("-preferred", "id")
    for pid, kind, value in points.values_list("person_id", "kind", "value"):
        if kind in ("email", "phone"):
            has[pid].add(kind)
        if kind == "email":
            emails.setdefault(pid, value)
    events: dict[int, list[model.LifeEvent]] = defaultdict(list)
    recent = of(owned(LifeEvent, user)).filter(
        date__gte=today - dt.timedelta(days=LIFE_EVENT_MEMORY_DAYS)
    )
    rows = recent.order_by("id").values_list("id", "person_id", "kind", "date", "note")
    for eid, pid, kind, day, note in rows:
        events[pid].append(model.LifeEvent(eid, kind, day, note))
    city = home_city.strip().casefold()
    fields = (
        "id",
        "display_name",
        "circle__touches_per_year",
        "birthday_month",
        "birthday_day",
        "birthday_year",
        "deceased",
        "archived",
        "paused_until",
        "city",
        "created_at",
    )
    people = {}
    zone = timezone.get_current_timezone()
    for row in of(owned(Person, user), "id").order_by("id").values_list(*fields):
        pid, name, target, month, day, year, deceased, archived, paused, their_city, added = row
        # No circle: imported, not sorted yet, so planned nothing but the answer
        # to a bereavement (``model.Person.consoled_only``).
        target = target or 0
        needs = set(has.get(pid, ()))
        if city and their_city.strip().casefold() == city:
            needs.add("same_city")
        people[pid] = model.Person(
            id=pid,
            name=name,
            target=target,
            inner=target >= INNER_TARGET,
            birthday=MonthDay(month, day, year) if month and day else None,
            has=frozenset(needs),
            email=emails.get(pid, ""),
            deceased=deceased,
            archived=archived,
            paused_until=paused,
            history=tuple(history.get(pid, ())),
            life_events=tuple(events.get(pid, ())),
            since=added.astimezone(zone).date(),
        )
    return people


def _trips(user: User, today: dt.date) -> list[model.Trip]:
    """Trips not over more than a year ago: coming ones for postcards (with the
    people ticked on the trip's page and not sent yet), past ones so a postcard
    already sent from there counts."""
    from keepwarm.occasions.models import Postcard, Trip

    since = today - dt.timedelta(days=365)
    rows = list(owned(Trip, user).filter(end__gte=since).order_by("start", "id"))
    ticked: dict[int, list[int]] = {}
    cards = owned(Postcard, user).filter(trip__in=rows).order_by("id")
    for trip_id, pid, chosen, sent_on in cards.values_list(
        "trip_id", "person_id", "chosen", "sent_on"
    ):
        waiting = ticked.setdefault(trip_id, [])
        if chosen and sent_on is None:
            waiting.append(pid)
    return [
        model.Trip(t.start, t.end, t.place, tuple(ticked[t.pk]) if t.pk in ticked else None)
        for t in rows
    ]


def _gatherings(user: User, today: dt.date) -> list[model.Gathering]:
    """Gatherings from the start of this season on (one already past still means
    the season has its party, ``parties.py``): the guests whose invitation has not
    gone out yet and everyone who has not said no (the suggested guests while the
    list is empty); none once who came is recorded (the evening is done)."""
    from keepwarm.occasions.hosting import suggest_invitees
    from keepwarm.occasions.models import Gathering, Invitation

    since = min(today, season_of(today)[0])
    coming = list(owned(Gathering, user).filter(date__gte=since).order_by("date", "id"))
    rows: dict[int, list[tuple[int, dt.date | None, str, bool | None]]] = defaultdict(list)
    invitations = owned(Invitation, user).filter(gathering__in=coming).order_by("id")
    fields = ("gathering_id", "person_id", "invited_on", "answer", "came")
    for gid, pid, invited_on, answer, came in invitations.values_list(*fields):
        rows[gid].append((pid, invited_on, answer, came))
    found = []
    for gathering in coming:
        listed = rows[gathering.pk]
        to_invite = [pid for pid, invited_on, _, _ in listed if invited_on is None]
        guests = [pid for pid, _, answer, _ in listed if answer != Invitation.Answer.NO]
        if not listed and gathering.date >= today:
            suggested = suggest_invitees(user, gathering, today=today)
            to_invite = guests = [s.person.pk for s in suggested]
        if gathering.date < today or any(came is not None for *_, came in listed):
            to_invite = guests = []
        found.append(
            model.Gathering(
                gathering.pk, gathering.date, gathering.title, tuple(to_invite), tuple(guests)
            )
        )
    return found
