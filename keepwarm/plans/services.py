"""The plan for a user (cached until something it reads changes) and the agenda actions."""

from __future__ import annotations

import datetime as dt
import threading
import time
import weakref
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Subquery
from django.utils import timezone

from keepwarm.contacts.models import Person, not_paused_on
from keepwarm.owned import get_owned_or_404, owned
from keepwarm.planner import model
from keepwarm.planner.memo import Memo
from keepwarm.planner.plan import plan
from keepwarm.planner.sessions import is_sitting
from keepwarm.plans import shared, snapshot
from keepwarm.plans.models import Choice, PlanVersion
from keepwarm.plans.recent import Recent
from keepwarm.touches.models import Touch, TouchKind
from keepwarm.touches.services import log_touch

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

USERS_KEPT = 64
"""Users whose plan this process keeps: one plan each (the newest; at 10,000
people about 3 MB, since the people are kept without their histories)."""


@dataclass(frozen=True)
class UserPlan:
    plan: model.Plan
    people: dict[int, model.Person]
    """The planned people as the planner saw them, without their histories (a
    page that needs one reads it: ``snapshot.histories``)."""
    kinds: dict[int, model.Kind]
    refreshing: bool = False
    """A plan from before the latest change, shown while another request makes
    the new one (``current(..., stale_ok=True)``)."""

    def names(self, item: model.Item) -> list[str]:
        return [self.people[pid].name for pid in item.people if pid in self.people]


@dataclass(frozen=True)
class _Entry:
    key: str
    day: dt.date
    made: dt.datetime
    """When its snapshot was read: choices made since are not in it."""
    plan: UserPlan
    took: float = 0.0
    """Seconds it took to make (``time.monotonic``)…"""
    ended: float = 0.0
    """…and when it was done: the next plan made ahead waits as long (``PACE``)."""


class _Memory:
    """The newest plan of each user (by number of weeks), in this process, without
    pickling: a 10,000-person plan is used as it is, in microseconds. Its key
    holds the data version read from the database, so every process sees a
    change at once; a new version replaces the user's older plan, and the users
    not seen for longest are dropped beyond ``size``."""

    def __init__(self, size: int) -> None:
        self.entries: Recent[tuple[int, int], _Entry] = Recent(size)

    def get(self, owner: int, weeks: int, key: str) -> UserPlan | None:
        found = self.entries.get((owner, weeks))
        return found.plan if found is not None and found.key == key else None

    def newest(self, owner: int, weeks: int) -> _Entry | None:
        """The user's newest plan, whatever its day and version."""
        return self.entries.get((owner, weeks))

    def latest(self, owner: int, weeks: int, day: dt.date) -> _Entry | None:
        """The user's newest plan for ``day`` whatever its version, if kept."""
        found = self.newest(owner, weeks)
        return found if found is not None and found.day == day else None

    def set(self, owner: int, weeks: int, entry: _Entry) -> None:
        self.entries.put((owner, weeks), entry)

    def clear(self) -> None:
        self.entries.clear()


class _Flights:
    """One plan build at a time per user and plan length, in this process: the
    other requests wait for it (or are shown the previous plan) instead of
    building the same plan again."""

    def __init__(self) -> None:
        self.locks: dict[tuple[int, int], threading.Lock] = {}
        self.guard = threading.Lock()

    def lock(self, owner: int, weeks: int) -> threading.Lock:
        with self.guard:
            return self.locks.setdefault((owner, weeks), threading.Lock())


_memory = _Memory(USERS_KEPT)
_flights = _Flights()


def forget_plans() -> None:
    """Drop every plan kept in this process, and the people read for them (tests;
    ids repeat between them)."""
    _memory.clear()
    _memos.clear()
    snapshot.forget_people()
    for kept in list(_versioned):
        kept.clear()


class ItemGone(ValidationError):
    """The item is no longer in the plan (done, skipped, or re-planned)."""


def invalidate(user_id: int, people: Iterable[int] | None = None) -> None:
    """Make the user's cached plans stale (the row exists once a plan was cached),
    and, once the change is committed, make the new plan ahead (``plan_ahead``).

    ``people``: the people whose part of the snapshot the change touched (their
    ``plan_mark`` takes the new version, so the next snapshot reads them again
    and keeps the others: ``snapshot.build``); None, as for a change written in
    bulk, marks them all."""
    # One transaction: no plan is made between the new version and the marks
    # (it would read a marked person's old data as new and keep it).
    with transaction.atomic(savepoint=False):
        bumped = PlanVersion.objects.filter(user_id=user_id).update(version=F("version") + 1)
        if not bumped:  # no row: no plan was ever made, none kept, none to make ahead
            return
        ids = None if people is None else sorted(set(people))
        if ids != []:
            version = PlanVersion.objects.filter(user_id=user_id).values_list("version", flat=True)
            marked = Person.objects.filter(owner_id=user_id)
            if ids is not None:
                marked = marked.filter(pk__in=ids)
            marked.update(plan_mark=Subquery(version[:1]))
    if _ahead.on:
        transaction.on_commit(lambda: _refresh_ahead(user_id))


def _version(user: User) -> int:
    row, _ = PlanVersion.objects.get_or_create(user=user)
    return row.version


def _key(user: User, version: int, day: dt.date, weeks: int) -> str:
    return f"keepwarm:plan:{user.pk}:{version}:{day.isoformat()}:{weeks}"


def _version_in(key: str) -> int:
    """The data version a plan's ``_key`` names."""
    return int(key.split(":")[3])


def tracked_version(user: User) -> int:
    """``data_version``, its row made first when there is none, so that every
    change from now on moves it: for what is kept by it apart from plans (an
    import's preview, an import worked out before it is written)."""
    return _version(user)


def move_version(user_id: int, expected: int) -> bool:
    """Move the user's data version on, in the caller's transaction, only if it
    is still ``expected``; whether it was (a compare and swap: an import that
    read the data at ``expected`` claims it before writing more). The row stays
    locked until the transaction ends, so no change commits in between."""
    moved = PlanVersion.objects.filter(user_id=user_id, version=expected)
    return bool(moved.update(version=F("version") + 1))


def data_version(user: User) -> int | None:
    """The version every change to what the planner reads bumps; None before the
    first change (then nothing keyed by it should be kept)."""
    return PlanVersion.objects.filter(user=user).values_list("version", flat=True).first()


T = TypeVar("T")
_versioned: weakref.WeakSet[Versioned[Any]] = weakref.WeakSet()


class Versioned(Generic[T]):
    """A value worked out from a user's data, kept in this process for the data
    version it was made at (and an ``extra`` key, such as the day), for the most
    recent ``users``: every change to what it reads moves the version on
    (``invalidate``), so the next use works it out again."""

    def __init__(self, users: int) -> None:
        self.kept: Recent[int, tuple[Hashable, T]] = Recent(users)
        _versioned.add(self)  # ``forget_plans`` empties them all

    def of(self, user: User, make: Callable[[], T], extra: Hashable = None) -> T:
        """The value kept for the user's data version, else ``make()``, kept."""
        return self.at(user, data_version(user), make, extra)

    def at(self, user: User, version: int | None, make: Callable[[], T], extra: Hashable) -> T:
        """``of`` for a ``version`` read before what ``make`` reads (a value made
        from data newer than its key is only ever fresher); None, before the
        user's first change, keeps nothing."""
        key = (version, extra)
        found = self.kept.get(user.pk)
        if version is not None and found is not None and found[0] == key:
            return found[1]
        value = make()
        if version is not None:
            self.kept.put(user.pk, (key, value))
        return value

    def clear(self) -> None:
        self.kept.clear()


def cached(user: User, today: dt.date | None = None, weeks: int = 52) -> UserPlan | None:
    """The user's current plan if it is already cached, else None (never plans)."""
    version = data_version(user)
    if version is None:
        return None
    day = today or timezone.localdate()
    return _memory.get(user.pk, weeks, _key(user, version, day, weeks))


def warmth_known(
    user: User, ids: list[int], today: dt.date | None = None
) -> tuple[dict[int, int], list[int]]:
    """The planner's warmth of these people from the user's plan of the day kept
    here, current or not, for those not changed since it was made (a change
    marks its people: ``Person.plan_mark``); and the ids it cannot tell (changed
    since, or no plan kept). Never plans: a page of 50 right after a change
    reads the history of only the one person changed."""
    day = today or timezone.localdate()
    entry = _memory.latest(user.pk, PLAN_AHEAD_WEEKS, day)
    if entry is None:
        return {}, ids
    warmth = entry.plan.plan.warmth
    version = data_version(user)
    if version is not None and version != _version_in(entry.key):
        weights = dict(owned(TouchKind, user).values_list("id", "warmth_weight"))
        kept = {kind.id: kind.weight for kind in entry.plan.kinds.values()}
        if {pk: float(w) for pk, w in weights.items()} != kept:
            return {}, ids  # a kind's weight changed: everyone's warmth may have
        changed = set(
            owned(Person, user)
            .filter(pk__in=ids, plan_mark__gt=_version_in(entry.key))
            .values_list("pk", flat=True)
        )
    else:
        changed = set()
    known = {pid: warmth[pid] for pid in ids if pid in warmth and pid not in changed}
    return known, [pid for pid in ids if pid in changed]


def current(
    user: User, today: dt.date | None = None, weeks: int = 52, stale_ok: bool = False
) -> UserPlan:
    """The user's plan from ``today`` (their local date), cached by data version.

    One request builds it at a time; the others wait for that plan, or, with
    ``stale_ok`` (a page only shows the plan), get the user's previous plan of
    the same day marked ``refreshing`` at once (``_meanwhile``)."""
    day = today or timezone.localdate()
    key = _key(user, _version(user), day, weeks)
    found = _memory.get(user.pk, weeks, key)
    if found is not None:
        return found
    stale = _memory.latest(user.pk, weeks, day) if stale_ok else None
    flight = _flights.lock(user.pk, weeks)
    # On its way ahead (a page never makes it too), or being made by another request.
    ahead = weeks == PLAN_AHEAD_WEEKS and _ahead.pending(user.pk)
    waited = ahead or not flight.acquire(blocking=False)
    if waited:
        if stale is not None:
            return _peek(user, stale, key, weeks) or _meanwhile(user, stale)
        flight.acquire()
    try:
        if waited:  # made while this request waited, or changed again since: the newest
            key = _key(user, _version(user), day, weeks)
            found = _memory.get(user.pk, weeks, key)
        return found or _obtain(user, day, weeks, key, stale)
    finally:
        flight.release()


_memos: Recent[tuple[int, int], Memo] = Recent(snapshot.PEOPLE_KEPT)
"""The planner's memo of each user's last plan (by number of weeks), for the
most recent few: it holds their people as the snapshot kept them, so as few as
``snapshot.PEOPLE_KEPT``. A memo is used by the one plan being made under the
user's flight at a time."""


def _make(user: User, day: dt.date, weeks: int, key: str) -> _Entry:
    """Plan from a new snapshot and keep it (the caller holds the user's flight):
    the snapshot reads again only the people changed since the last, and the
    planner works out again only what depends on them (``planner/memo.py``)."""
    made, start = timezone.now(), time.monotonic()
    shot = snapshot.build(user, day, keep=True)  # their plan version exists: ``current``
    memo = _memos.setdefault((user.pk, weeks), Memo)
    shown = memo.table("shown", None)  # a kept person is stripped once, not every plan
    found = UserPlan(
        plan(shot, weeks=weeks, memo=memo),
        {person.id: shown(person, _shown, person) for person in shot.people},
        {kind.id: kind for kind in shot.kinds},
    )
    end = time.monotonic()
    entry = _Entry(key, day, made, found, end - start, end)
    _memory.set(user.pk, weeks, entry)
    return entry


def _shown(person: model.Person) -> model.Person:
    """What a page needs of a person in the plan: not their history."""
    return replace(person, history=())


def _obtain(user: User, day: dt.date, weeks: int, key: str, stale: _Entry | None) -> UserPlan:
    """The plan for ``key`` (the caller holds the user's flight in this process):
    the one another server process stored, else made here, by one process at a
    time (``shared.py``). A page or an action with a previous plan of the day
    (``stale``) does not wait for it: it is made in the background, where plans
    are made ahead."""
    usable = shared.usable()
    found = _load(user, day, weeks, key) if usable else None
    if found is not None:
        return found
    if stale is not None and _ahead.on and weeks == PLAN_AHEAD_WEEKS:
        _refresh_ahead(user.pk)  # an action too (in its transaction) acts on the plan shown
        return _meanwhile(user, stale)
    if not usable:
        return _make(user, day, weeks, key).plan
    return _made_once(user, day, weeks, key, stale)


def _load(user: User, day: dt.date, weeks: int, key: str) -> UserPlan | None:
    """The plan another process stored under ``key``, kept here too."""
    loaded = shared.load(user.pk, weeks, key)
    if loaded is None:
        return None
    _memory.set(
        user.pk, weeks, _Entry(key, day, loaded.made, loaded.plan, loaded.took, time.monotonic())
    )
    return loaded.plan  # type: ignore[no-any-return]


def _made_once(
    user: User, day: dt.date, weeks: int, key: str, stale: _Entry | None = None
) -> UserPlan:
    """Make the plan under the lease and store it for the other processes; while
    another process holds the lease, show ``stale`` (if given) or wait for its
    plan (counted, not timed), and make it here once it is long overdue
    (``shared.PATIENCE``)."""
    tries, pause = shared.WAIT
    waited = 0
    while waited < tries:
        lease = shared.claim(user.pk, weeks)
        if lease is not None:
            try:
                found = _load(user, day, weeks, key)  # stored just before the claim
                if found is not None:
                    shared.release(user.pk, weeks, lease)
                    return found
                entry = _make(user, day, weeks, key)
            except BaseException:
                shared.release(user.pk, weeks, lease)
                raise
            shared.store(user.pk, weeks, key, entry, lease)
            return entry.plan
        if stale is not None:
            return _meanwhile(user, stale)
        if not waited:
            tries = shared.patience(user.pk, weeks)
        waited += 1
        time.sleep(pause)
        found = _load(user, day, weeks, key)
        if found is not None:
            return found
    return _make(user, day, weeks, key).plan


PEEK = (10, 0.02)
"""A page asks this many times, this many seconds apart, for a plan being made
before it shows the previous one marked refreshing, when the previous one took
no longer to make than that: a small network's new plan is there by then, and
its user never sees the refreshing line. No longer than 0.2 s: with the page's
own time the first page after a change stays within 0.3 s (at 10,000 people a
re-plan takes about 0.3 s, and waiting for it made that page 0.33 s)."""


def _peek(user: User, stale: _Entry, key: str, weeks: int) -> UserPlan | None:
    tries, pause = PEEK
    if stale.took > tries * pause:
        return None
    for _ in range(tries):  # counted, not timed: the suite also runs on a shifted clock
        time.sleep(pause)
        found = _memory.get(user.pk, weeks, key)
        if found is not None:
            return found
    return None


MEANWHILE_MARGIN = dt.timedelta(minutes=1)
"""Answers made this long before a plan was read are hidden from it too: one
committed just after its snapshot was read is not in it."""


def _meanwhile(user: User, stale: _Entry) -> UserPlan:
    """The previous plan, marked ``refreshing``, without the items answered
    (done, skipped, swapped) or whose people were snoozed since it was made: an
    item just done does not come back, one just swapped comes back as its new
    kind in the new plan."""
    since = stale.made - MEANWHILE_MARGIN
    answered = set(
        owned(Choice, user).filter(created_at__gte=since).values_list("item_id", flat=True)
    )
    snoozed = set(
        owned(Person, user)
        .filter(updated_at__gte=since)
        .exclude(not_paused_on(stale.day))
        .values_list("pk", flat=True)
    )
    shown = stale.plan.plan
    if answered or snoozed:

        def kept(item: model.Item) -> bool:
            return item.id not in answered and not set(item.people) <= snoozed

        weeks = tuple(replace(week, items=tuple(filter(kept, week.items))) for week in shown.weeks)
        shown = replace(shown, weeks=weeks)
    return replace(stale.plan, plan=shown, refreshing=True)


PLAN_AHEAD_WEEKS = 52
"""The plan made ahead after a change: the one the web pages show."""


class _Ahead:
    """Whether plans are made ahead, and the users a thread is on its way for."""

    def __init__(self) -> None:
        self.on = False
        self.users: set[int] = set()
        self.lock = threading.Lock()

    def pending(self, user_id: int) -> bool:
        with self.lock:
            return user_id in self.users


PACE = 1.0
"""A plan made ahead waits after the user's last one this many times as long as
that one took to make: under a stream of changes (a touch logged every second)
making plans takes at most half of the process's time and the pages the rest,
and the changes made meanwhile share one plan."""


_ahead = _Ahead()


def plan_ahead(on: bool = True) -> None:
    """Make each user's new plan in the background once a change to it is
    committed (``keepwarm serve`` turns this on): the next page then finds it
    made, or being made and shows the previous one meanwhile, instead of
    making it itself. Off in commands that exit right after their change."""
    _ahead.on = on


def _refresh_ahead(user_id: int) -> None:
    if not _ahead.on:
        return
    with _ahead.lock:
        if user_id in _ahead.users:
            return  # a thread for them is on its way: it plans the newest version
        _ahead.users.add(user_id)  # the pages show the previous plan meanwhile
    try:
        threading.Thread(
            target=_ahead_of_time, args=(user_id,), name="plan-ahead", daemon=True
        ).start()
    except RuntimeError:  # no thread to be had: the next page makes the plan itself
        with _ahead.lock:
            _ahead.users.discard(user_id)


def _pace(user_id: int) -> None:
    """Wait ``PACE`` times as long as the user's last plan took, after it."""
    last = _memory.newest(user_id, PLAN_AHEAD_WEEKS)
    if last is not None:
        wait = last.ended + last.took * PACE - time.monotonic()
        if wait > 0:
            time.sleep(wait)


def _ahead_of_time(user_id: int) -> None:
    import logging

    from django.contrib.auth import get_user_model
    from django.db import connections

    from keepwarm.accounts.models import zone_of

    flight = _flights.lock(user_id, PLAN_AHEAD_WEEKS)
    try:
        _pace(user_id)
        flight.acquire()
        try:
            with _ahead.lock:
                _ahead.users.discard(user_id)  # a change from now on starts another
            user = get_user_model().objects.select_related("profile").get(pk=user_id)
            with timezone.override(zone_of(user)):
                day = timezone.localdate()
                key = _key(user, _version(user), day, PLAN_AHEAD_WEEKS)
                if _memory.get(user_id, PLAN_AHEAD_WEEKS, key) is None:
                    _obtain(user, day, PLAN_AHEAD_WEEKS, key, None)
        finally:
            flight.release()
    except Exception:  # the next page makes it instead
        logging.getLogger(__name__).exception("planning ahead for user %s failed", user_id)
    finally:
        with _ahead.lock:
            _ahead.users.discard(user_id)
        connections.close_all()


def _answer(user: User, item_id: str, action: str, kind: TouchKind | None = None) -> None:
    """The user's answer to an item, stamped with when it was given (a changed
    answer too: the plan shown meanwhile hides what was answered since)."""
    Choice.objects.update_or_create(
        owner=user,
        item_id=item_id,
        defaults={"action": action, "kind": kind, "created_at": timezone.now()},
    )


def find_item(user: User, item_id: str, today: dt.date | None = None) -> model.Item:
    """The item in the user's plan: while a new plan is being made, in the one
    shown meanwhile (the item the user saw and clicked), so that a click does not
    wait for it (it does when no plan of the day is kept yet: the day's first)."""
    return find_named(user, item_id, today)[0]


def find_named(
    user: User, item_id: str, today: dt.date | None = None
) -> tuple[model.Item, list[str]]:
    """``find_item`` and the names of its people, from the same plan."""
    found = current(user, today, stale_ok=True)
    item = found.plan.find(item_id.strip())
    if item is None:
        raise ItemGone(
            f"{item_id!r} is not in your plan: it was done, skipped or moved, or never was."
        )
    return item, found.names(item)


def done_elsewhere(item: model.Item) -> str:
    """Why ``item`` is not marked done from the agenda, or "" when it may be: a
    proposed party becomes a gathering ("Plan it"), and who came to one is
    ticked on the gathering's page (only those who came share the party)."""
    if item.proposed:
        return "A proposed party is planned as a gathering (Plan it on the agenda), or skipped."
    if item.occasion == "party":
        return "Tick who came on the gathering's page: only they share the party's touch."
    return ""


@transaction.atomic
def mark_done(user: User, item_id: str, today: dt.date | None = None, note: str = "") -> Touch:
    """Log the item's touch with its people, today (not for a party: ``done_elsewhere``)."""
    day = today or timezone.localdate()
    item = find_item(user, item_id, day)
    elsewhere = done_elsewhere(item)
    if elsewhere:
        raise ValidationError(elsewhere)
    people = list(owned(Person, user).filter(pk__in=item.people))
    kind = get_owned_or_404(TouchKind, user, pk=item.kind_id)
    touch = log_touch(user, people, kind, date=day, note=note)
    _answer(user, item.id, Choice.Action.DONE)
    return touch


def after_skip(item: model.Item) -> str:
    """What skipping ``item`` does to the plan, as the user is told it: a routine
    touch comes back later; a card evening's or a postcard sitting's people wait
    for another week's; a proposed party drops the season's proposal; any other
    occasion is not planned again."""
    if item.occasion == "":
        return "The plan makes room for it another time."
    if is_sitting(item.id):
        return "Its people wait for another week's sitting."
    if item.proposed:
        return "No party is proposed this season."
    return "It is not planned again."


def skip(user: User, item_id: str, today: dt.date | None = None) -> model.Item:
    item = find_item(user, item_id, today)
    _answer(user, item.id, Choice.Action.SKIP)
    return item


def swap(user: User, item_id: str, kind_id: int, today: dt.date | None = None) -> model.Item:
    item = find_item(user, item_id, today)
    if kind_id not in item.swappable:
        raise ValidationError("That kind is not possible for this item.")
    kind = get_owned_or_404(TouchKind, user, pk=kind_id)
    _answer(user, item.id, Choice.Action.SWAP, kind)
    return item


def snooze(user: User, person: Person, until: dt.date, today: dt.date | None = None) -> Person:
    """Nothing planned for ``person`` before ``until``."""
    day = today or timezone.localdate()
    if person.owner_id != user.pk:
        raise ValidationError("That person is not in your network.")
    if until <= day:
        raise ValidationError({"until": "Snooze until a day after today."})
    if until > day + dt.timedelta(days=5 * 366):
        raise ValidationError({"until": "Snooze for at most five years."})
    person.paused_until = until
    person.save(update_fields=["paused_until", "updated_at"])
    return person


@transaction.atomic
def snooze_item(
    user: User, item_id: str, until: dt.date, today: dt.date | None = None
) -> tuple[model.Item, list[str]]:
    """The agenda's Snooze: nothing planned for the item's people before ``until``
    (all of them or none); the item and its people's names."""
    day = today or timezone.localdate()
    item, names = find_named(user, item_id, day)
    for person in owned(Person, user).filter(pk__in=item.people):
        snooze(user, person, until, day)
    return item, names
