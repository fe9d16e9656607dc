"""Each person's past touches as the planner reads them, and their warmth.

The one read of touch history by person: the plans snapshot reads everyone's
(``past_touches``), a page or a trip a few people's (``histories``,
``warmth_of``), with the same rules (the last ``HISTORY_DAYS``, up to today)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import CharField
from django.db.models.functions import Cast

from keepwarm.contacts.models import Person
from keepwarm.owned import owned
from keepwarm.planner import model
from keepwarm.planner.warmth import warmth
from keepwarm.touches.models import TouchKind, TouchPerson

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

PER_READ = 500
"""People whose history one read of a few people's asks for (``histories``)."""
HISTORY_DAYS = 2 * 365
"""Touches older than this no longer change warmth or spacing."""


def past_touches(
    user: User, today: dt.date, ids: list[int] | None = None
) -> dict[int, list[model.PastTouch]]:
    """Each person's touches of the last ``HISTORY_DAYS`` up to ``today`` (of ``ids``
    only, when given: by person, through their index), oldest first.

    The one read that grows with the whole history, so it skips what costs per
    row: the rows come from the driver as they are, the day as its ISO text
    (parsed once per distinct day, not once per row), and the touches of one
    day and kind share one ``PastTouch`` (it is immutable)."""
    since = today - dt.timedelta(days=HISTORY_DAYS)
    found: dict[int, list[model.PastTouch]] = defaultdict(list)
    shared: dict[tuple[str, int], model.PastTouch] = {}
    if ids is None:
        batches = [TouchPerson.objects.filter(touch__owner=user)]
    else:
        batches = [
            TouchPerson.objects.filter(person__owner=user, person_id__in=ids[at : at + PER_READ])
            for at in range(0, len(ids), PER_READ)
        ]
    for rows in batches:
        query = (
            rows.filter(date__gte=since, date__lte=today)
            .order_by("date", "touch_id")
            .annotate(day=Cast("date", CharField()))
            .values_list("person_id", "day", "touch__kind_id")
        )
        sql, params = query.query.sql_with_params()
        with connections[query.db].cursor() as cursor:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(5000):
                for pid, day, kind in batch:
                    touch = shared.get((day, kind))
                    if touch is None:
                        touch = model.PastTouch(dt.date.fromisoformat(day[:10]), kind)
                        shared[(day, kind)] = touch
                    found[pid].append(touch)
    return found


def histories(user: User, ids: list[int], today: dt.date) -> dict[int, tuple[model.PastTouch, ...]]:
    """The planner's history (``HISTORY_DAYS`` up to ``today``) of a few people, in
    one query: what a cached plan does not keep (``plans.services.UserPlan``)."""
    found = past_touches(user, today, ids)
    return {pid: tuple(found.get(pid, ())) for pid in ids}


def warmth_of(user: User, ids: list[int], today: dt.date) -> dict[int, int]:
    """Warmth of a few people from their own history, as the planner computes it."""
    weights = {pk: float(w) for pk, w in owned(TouchKind, user).values_list("id", "warmth_weight")}
    people = owned(Person, user).active().filter(pk__in=ids, circle__touches_per_year__gt=0)
    targets = dict(people.values_list("id", "circle__touches_per_year"))
    history = histories(user, list(targets), today)
    return {pid: warmth(history[pid], weights, target, today) for pid, target in targets.items()}
