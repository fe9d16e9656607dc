"""Any change to what the planner reads makes the cached plan stale."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save


def _bump(sender: Any, instance: Any, **kwargs: Any) -> None:
    from keepwarm.planning.services import invalidate

    owner_id = getattr(instance, "owner_id", None) or getattr(instance, "user_id", None)
    if owner_id is None and hasattr(instance, "touch"):
        owner_id = instance.touch.owner_id
    if owner_id is not None:
        # In the same transaction: others see the new version with the new data.
        invalidate(owner_id)


def connect() -> None:
    from keepwarm.accounts.models import Profile
    from keepwarm.contacts.models import (
        Address,
        Circle,
        ContactPoint,
        LifeEvent,
        Person,
        Relationship,
    )
    from keepwarm.occasions.models import CardRun, Gathering, Invitation, Trip
    from keepwarm.planning.models import Choice
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
    ):
        post_save.connect(_bump, sender=model, dispatch_uid=f"plan-{model.__name__}-save")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"plan-{model.__name__}-delete")
