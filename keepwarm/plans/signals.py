"""Any change to what the planner reads makes the cached plan stale, and marks
the people whose part of the snapshot it touched (``services.invalidate``);
so does a change to what is kept by the same version (``services.Versioned``:
the warm calls' matches read tags and jobs too)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

PERSON_PARTS = ("Address", "ContactPoint", "LifeEvent", "TouchPerson")
"""Rows of one person that the snapshot reads into that person."""
CHANGED = ("post_add", "post_remove", "post_clear")
"""The ``m2m_changed`` actions after links were made or taken."""
EVERYONE = ("Circle",)
"""Rows that change what the snapshot reads of many people (a circle's target):
a change to one reads every person again. (The home city and time zone are
part of what the kept people are kept for: ``snapshot._Kept.key``.)"""


def _people(instance: Any) -> Iterable[int] | None:
    """The people whose part of the snapshot ``instance`` is in: none for what the
    snapshot reads apart from people (kinds, answers, gatherings, trips, card
    runs, relationships: deaths in the family are read afresh each time)."""
    name = type(instance).__name__
    if name == "Person":
        return [instance.pk]
    if name in PERSON_PARTS:
        return [instance.person_id]
    if name == "Touch" and instance.pk is not None:
        # Its people when it changes (a new touch's are linked after: ``_linked``).
        return list(instance.people.values_list("pk", flat=True))
    if name in EVERYONE:
        return None
    return []


def _owner_of(instance: Any) -> int | None:
    owner_id = getattr(instance, "owner_id", None) or getattr(instance, "user_id", None)
    if owner_id is None and hasattr(instance, "touch"):
        owner_id = instance.touch.owner_id
    return owner_id  # type: ignore[no-any-return]


def _bump(sender: Any, instance: Any, **kwargs: Any) -> None:
    from keepwarm.plans.services import invalidate

    owner_id = _owner_of(instance)
    if owner_id is not None:
        # In the same transaction: others see the new version with the new data.
        invalidate(owner_id, _people(instance))


def _linked(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """People linked to a touch, or unlinked from it, in bulk (``Touch.people``;
    from a person's side, ``instance`` is the person)."""
    from keepwarm.plans.services import invalidate

    if action not in CHANGED:
        return
    if reverse:
        invalidate(instance.owner_id, [instance.pk])
    elif action == "post_clear":
        invalidate(instance.owner_id)
    elif pk_set:
        invalidate(instance.owner_id, pk_set)


def _tagged(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    """Tags given or taken (what warm calls read; the planner reads no tags)."""
    from keepwarm.plans.services import invalidate

    if action in CHANGED:
        invalidate(instance.owner_id, [])


def _in_bulk(sender: Any, owner_id: int, people: Iterable[int] | None, **kwargs: Any) -> None:
    """Rows written without model signals (``owned.written_in_bulk``)."""
    from keepwarm.plans.services import invalidate

    invalidate(owner_id, people)


def connect() -> None:
    from keepwarm.accounts.models import Profile
    from keepwarm.contacts.models import (
        Address,
        Circle,
        ContactPoint,
        Job,
        LifeEvent,
        Person,
        Relationship,
        Tag,
    )
    from keepwarm.occasions.models import CardRun, Gathering, Invitation, Postcard, Trip
    from keepwarm.owned import written_in_bulk
    from keepwarm.plans.models import Choice
    from keepwarm.touches.models import Touch, TouchKind, TouchPerson

    for model in (
        Profile,
        Person,
        Circle,
        Address,
        ContactPoint,
        LifeEvent,
        Touch,
        TouchKind,
        TouchPerson,
        Choice,
        Relationship,
        Gathering,
        Invitation,
        Trip,
        CardRun,
        Postcard,
        Job,
        Tag,
    ):
        post_save.connect(_bump, sender=model, dispatch_uid=f"plan-{model.__name__}-save")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"plan-{model.__name__}-delete")
    m2m_changed.connect(_linked, sender=Touch.people.through, dispatch_uid="plan-touch-people")
    m2m_changed.connect(_tagged, sender=Person.tags.through, dispatch_uid="plan-person-tags")
    written_in_bulk.connect(_in_bulk, dispatch_uid="plan-in-bulk")
