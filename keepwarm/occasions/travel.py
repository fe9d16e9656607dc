"""Trips and postcards: who gets one, the labels to take along, and ticking
who got one afterwards (which logs the touches).

The proposal: people who can get mail (a mailing address), are neither
deceased, archived nor paused, and whose circle has a yearly target; the
coldest first by the planner's warmth (never touched, then longest quiet on a
tie). As many are ticked as the budget allows: a sitting for each of the
user's weeks the trip has postcards written in (from its second day), of the
user's weekly minutes less the postcard kind's setup (a batch kind: buying
cards and stamps) divided by its minutes a card, at most
``POSTCARDS_PER_SITTING``. A few more (``SPARE``) are listed unticked to swap in. The
planner's postcard run (on the agenda) is for the ticked people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from keepwarm.contacts.models import Person
from keepwarm.occasions.card_runs import kind_for
from keepwarm.occasions.households import mailing_addresses
from keepwarm.occasions.models import Postcard, Trip
from keepwarm.owned import owned, written_in_bulk
from keepwarm.planner.model import batch_size
from keepwarm.planner.sessions import POSTCARDS_PER_SITTING, sitting_weeks
from keepwarm.touches.history import warmth_of
from keepwarm.touches.models import Touch, TouchKind, validate_touch_date
from keepwarm.touches.queries import kind_for_occasion
from keepwarm.touches.services import delete_touch, log_touch

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

SPARE = 8


def weeks_of(trip: Trip) -> int:
    """The trip's sittings: the owner's weeks holding a day it has postcards
    written on (``sessions.sitting_weeks``), as the plan places them."""
    return sitting_weeks(trip.start, trip.end, trip.owner.profile.week_start)


def most_for(trip: Trip) -> int:
    """The most postcards proposed for ``trip``: a sitting a started week."""
    return POSTCARDS_PER_SITTING * weeks_of(trip)


def postcard_budget(user: User, trip: Trip, kind: TouchKind | None) -> int:
    """How many postcards fit the budget of the trip's weeks (see the module)."""
    if kind is None:
        return 0
    setup = kind.setup_minutes if kind.batchable else 0
    a_week = batch_size(user.profile.weekly_budget_minutes, kind.minutes, setup)
    return min(POSTCARDS_PER_SITTING, a_week) * weeks_of(trip)


def candidates(user: User, today: dt.date) -> list[Person]:
    """People who can get a postcard, the coldest first."""
    people = (
        owned(Person, user)
        .active()
        .not_paused_on(today)
        .filter(circle__touches_per_year__gt=0, addresses__isnull=False)
        .distinct()
    )
    found = list(people.order_by(F("last_touch_on").asc(nulls_first=True), "sort_name", "id"))
    heat = warmth_of(user, [p.pk for p in found], today)
    # sorted() is stable: on equal warmth the never-touched and longest quiet come first.
    return sorted(found, key=lambda p: heat.get(p.pk, 0))


@transaction.atomic
def create_trip(user: User, place: str, start: dt.date, end: dt.date, note: str = "") -> Trip:
    trip = Trip(owner=user, place=place.strip(), start=start, end=end, note=note.strip())
    trip.full_clean()
    trip.save()
    propose(trip)
    return trip


def postcard_kind(user: User) -> TouchKind | None:
    return kind_for_occasion(user, "trip")


def propose(trip: Trip, today: dt.date | None = None) -> int:
    """Add the proposed postcards to ``trip``, the coldest on ``today``; returns
    how many are ticked."""
    user = trip.owner
    count = postcard_budget(user, trip, postcard_kind(user))
    people = candidates(user, today or timezone.localdate())[: count + SPARE]
    addresses = mailing_addresses(people)
    Postcard.objects.bulk_create(
        [
            Postcard(
                owner=user,
                trip=trip,
                person=person,
                address=addresses.get(person.pk),
                chosen=index < count,
            )
            for index, person in enumerate(people)
        ]
    )
    _replan(trip)
    return min(count, len(people))


def _replan(trip: Trip) -> None:
    """Postcards written in bulk send no model signals: the plan reads who is ticked."""
    written_in_bulk.send(sender=Trip, owner_id=trip.owner_id, people=[])


def choose(trip: Trip, chosen_ids: Iterable[int]) -> int:
    """Tick exactly ``chosen_ids`` (postcards of this trip); a postcard already
    sent stays ticked. Returns how many are ticked."""
    wanted = set(chosen_ids)
    cards = trip.postcards.all()
    cards.filter(pk__in=wanted).update(chosen=True)
    cards.exclude(pk__in=wanted).filter(sent_on__isnull=True).update(chosen=False)
    _replan(trip)
    return cards.filter(chosen=True).count()


def listing(user: User, today: dt.date) -> list[Trip]:
    """The user's trips, the latest first, each with its counts (``with_counts``)
    and its ``phase`` on ``today``."""
    found = list(owned(Trip, user).with_counts())  # type: ignore[attr-defined]
    for trip in found:
        trip.phase = trip.phase_on(today)
    return found


def default_sent_date(trip: Trip, today: dt.date) -> dt.date:
    """When postcards count as sent unless the user says: the trip's last day,
    or today while it lasts."""
    return min(trip.end, today)


def sent_date(trip: Trip, day: dt.date | None) -> dt.date:
    """The day ``trip``'s postcards went out (``default_sent_date`` unless
    given): on or after its first day, never in the future."""
    day = day or default_sent_date(trip, timezone.localdate())
    try:
        validate_touch_date(day)
    except ValidationError as exc:
        raise ValidationError(
            "Postcards are ticked once they are sent: pick today or earlier."
        ) from exc
    if day < trip.start:
        raise ValidationError("Pick a day of the trip or after it.")
    return day


@transaction.atomic
def mark_sent(trip: Trip, sent_ids: Iterable[int], date: dt.date) -> tuple[int, int]:
    """Exactly ``sent_ids`` got a postcard (on ``date``): a touch for each new
    one, and the touch of one no longer ticked is deleted. Returns (logged, undone)."""
    wanted = set(sent_ids)
    cards = list(trip.postcards.select_related("person"))
    new = [c for c in cards if c.pk in wanted and c.sent_on is None]
    gone = [c for c in cards if c.pk not in wanted and c.sent_on is not None]
    kind = kind_for(trip.owner, "trip") if new else None
    for card in new:
        note = f"Postcard from {trip.place}"
        card.touch = log_touch(trip.owner, [card.person], kind, date=date, note=note)  # type: ignore[arg-type]
        card.sent_on, card.chosen = date, True
        card.save(update_fields=["touch", "sent_on", "chosen"])
    for card in gone:
        touch = Touch.objects.filter(pk=card.touch_id, owner=trip.owner).first()
        if touch is not None:
            delete_touch(touch)
        card.touch, card.sent_on = None, None
        card.save(update_fields=["touch", "sent_on"])
    return len(new), len(gone)


def add_person(trip: Trip, person: Person) -> Postcard:
    """Add someone the proposal left out (ticked)."""
    address = mailing_addresses([person]).get(person.pk)
    card, _ = Postcard.objects.get_or_create(
        owner=trip.owner, trip=trip, person=person, defaults={"address": address}
    )
    if not card.chosen:
        card.chosen = True
        card.save(update_fields=["chosen"])
    return card
