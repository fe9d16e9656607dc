"""Logging touches and keeping follow-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from keepwarm.contacts.models import Person, Relationship
from keepwarm.planner.catalogue import DEFAULT_KINDS
from keepwarm.touches.models import FollowUp, Touch, TouchKind, TouchPerson

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


def seed_kinds(user: User, **_: Any) -> None:
    """Give a new account its touch-kind catalogue (idempotent;
    ``accounts.services.new_account``)."""
    for position, kind in enumerate(DEFAULT_KINDS):
        TouchKind.objects.get_or_create(
            owner=user,
            label=kind.label,
            defaults={
                "minutes": kind.minutes,
                "channel": kind.channel,
                "needs": kind.needs,
                "warmth_weight": Decimal(kind.weight),
                "batchable": kind.batchable,
                "setup_minutes": kind.setup,
                "occasion": kind.occasion,
                "position": position,
            },
        )


def same_touch(keep: Person) -> Callable[[Any], bool]:
    """For a merge into ``keep``: whether a touch link of the absorbed person is
    to a touch ``keep`` already has (it is dropped: the touch is theirs once)."""
    touches = set(TouchPerson.objects.filter(person=keep).values_list("touch_id", flat=True))
    return lambda link: link.touch_id in touches


def refresh_last_touch(person_ids: Iterable[int]) -> None:
    """Recompute ``Person.last_touch_on`` (kept for a fast people list)."""
    ids = list(set(person_ids))
    latest = dict(
        TouchPerson.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(last=Max("date"))
        .values_list("person_id", "last")
    )
    people = list(Person.objects.filter(pk__in=ids))
    for person in people:
        person.last_touch_on = latest.get(person.pk)
    Person.objects.bulk_update(people, ["last_touch_on"])


def _link_people(touch: Touch, people: Sequence[Person]) -> None:
    """In one insert, and with the ``m2m_changed`` signal that tells the plan whose
    history changed (``bulk_create`` would send none)."""
    unique = {p.pk: p for p in people}.values()
    touch.people.add(*unique, through_defaults={"date": touch.date})


@transaction.atomic
def log_touch(
    owner: User,
    people: Sequence[Person],
    kind: TouchKind,
    *,
    date: dt.date | None = None,
    note: str = "",
    follow_up: str = "",
    follow_up_due: dt.date | None = None,
    client_id: str = "",
) -> Touch:
    """Record one touch with one or more people, and an optional follow-up.

    ``client_id`` is the id a device gave the touch (a phone that logged it
    offline): logging it again returns the touch already logged, so a retry
    never logs twice (``Touch.created`` tells the two apart)."""
    _check_owner(owner, people, kind)
    if client_id:
        known = _logged_as(owner, client_id)
        if known is not None:
            return known
    touch = Touch(
        owner=owner,
        kind=kind,
        date=date or timezone.localdate(),
        note=note.strip(),
        client_id=client_id,
    )
    touch.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            touch.save()
    except IntegrityError:
        known = _logged_as(owner, client_id) if client_id else None
        if known is None:
            raise
        return known  # the same retry arrived twice at once
    _link_people(touch, people)
    refresh_last_touch(p.pk for p in people)
    if follow_up.strip():
        for person in people:
            due = follow_up_due or touch.date + dt.timedelta(days=1)
            add_follow_up(owner, person, follow_up, due, touch=touch)
    return touch


def _logged_as(owner: User, client_id: str) -> Touch | None:
    # The same condition as the partial unique index, so the database reads
    # that index and not the whole touch log.
    found = Touch.objects.filter(owner=owner, client_id=client_id).exclude(client_id="")
    known = next(iter(found.order_by()[:1]), None)
    if known is not None:
        known.created = False
    return known


def _check_owner(owner: User, people: Sequence[Person], kind: TouchKind) -> None:
    """At least one person; the people and the kind are all ``owner``'s."""
    if not people:
        raise ValidationError("Pick at least one person.")
    if any(p.owner_id != owner.pk for p in people) or kind.owner_id != owner.pk:
        raise ValidationError("Unknown person or kind.")


EDITABLE = frozenset({"date", "kind", "note"})


@transaction.atomic
def update_touch(owner: User, touch: Touch, people: Sequence[Person], **fields: Any) -> Touch:
    """Change ``owner``'s touch: its date, kind, note and the people it reached."""
    if touch.owner_id != owner.pk:
        raise ValidationError("Unknown touch.")
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"update_touch cannot change {', '.join(sorted(unknown))}")
    _check_owner(owner, people, fields.get("kind", touch.kind))
    before = set(touch.people.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(touch, name, value)
    touch.full_clean()
    touch.save()
    TouchPerson.objects.filter(touch=touch).delete()
    _link_people(touch, people)
    refresh_last_touch(before | {p.pk for p in people})
    return touch


@transaction.atomic
def delete_touch(touch: Touch) -> None:
    ids = list(touch.people.values_list("pk", flat=True))
    touch.delete()
    refresh_last_touch(ids)


def add_follow_up(
    owner: User, person: Person, text: str, due: dt.date, *, touch: Touch | None = None
) -> FollowUp:
    if person.owner_id != owner.pk or (touch is not None and touch.owner_id != owner.pk):
        raise ValidationError("Unknown person or touch.")
    follow_up = FollowUp(owner=owner, person=person, text=text.strip(), due=due, touch=touch)
    follow_up.full_clean(exclude=["touch"])
    follow_up.save()
    return follow_up


def update_follow_up(follow_up: FollowUp, person: Person, text: str, due: dt.date) -> FollowUp:
    """Change whom a follow-up is for, what it says and when it is due."""
    if person.owner_id != follow_up.owner_id:
        raise ValidationError("Unknown person.")
    follow_up.person, follow_up.text, follow_up.due = person, text.strip(), due
    follow_up.full_clean(exclude=["touch"])
    follow_up.save()
    return follow_up


def delete_follow_up(follow_up: FollowUp) -> None:
    follow_up.delete()


def complete_follow_up(follow_up: FollowUp, done: bool = True) -> FollowUp:
    follow_up.done_at = timezone.now() if done else None
    follow_up.save(update_fields=["done_at"])
    return follow_up


@transaction.atomic
def delete_person(person: Person) -> None:
    """Delete a person and what is theirs alone.

    Touches logged with this person only go with them; touches shared with
    others stay, for the others. Other people's relationships to this person
    keep the name as a plain name ("Maria — spouse").
    """
    touch_ids = TouchPerson.objects.filter(person=person).values("touch_id")
    solo = Touch.objects.filter(pk__in=touch_ids).annotate(n=Count("touchperson")).filter(n=1)
    Touch.objects.filter(pk__in=list(solo.values_list("pk", flat=True))).delete()
    Relationship.objects.filter(other=person).update(other=None, other_name=person.display_name)
    photo = person.photo.name
    person.delete()
    if photo:
        storage = Person._meta.get_field("photo").storage
        transaction.on_commit(lambda: storage.delete(photo))
