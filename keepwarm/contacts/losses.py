"""Losses: a bereavement recorded on a person, or a contact's death as a
bereavement of each of their family among the contacts; who is recently
bereaved. Read by the plans snapshot (condolences, check-ins) and by the
pages that must not suggest a party to someone in mourning."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from keepwarm.contacts.models import FAMILY, LifeEvent, LifeEventKind, Person, Relationship
from keepwarm.owned import owned
from keepwarm.planner import model
from keepwarm.planner.occasions import LIFE_EVENT_MEMORY_DAYS, MOURNING_DAYS, recent_bereavement

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

DEATH_EVENT_IDS = 10**9
"""Bereavements made from a contact's death get ids from here, apart from real events."""


@dataclass(frozen=True)
class Death:
    """A contact's death, as a bereavement of one of their family among the contacts."""

    relative: int
    """The bereaved contact."""
    dead: int
    name: str
    first_name: str
    on: dt.date

    @property
    def event(self) -> model.LifeEvent:
        """The bereavement the planner answers (with a condolence, a check-in…)."""
        note = f"{self.name} died"
        return model.LifeEvent(DEATH_EVENT_IDS + self.dead, "bereavement", self.on, note)


def deaths_in_the_family(user: User, today: dt.date, ids: list[int] | None = None) -> list[Death]:
    """A contact who died (within the memory of a life event: up to the first
    anniversary) is a bereavement for each of their family among the contacts:
    spouse or partner, children, parents, siblings, either way round. Of the
    relatives ``ids`` only, when given; by relative, then the one who died."""
    since = today - dt.timedelta(days=LIFE_EVENT_MEMORY_DAYS)
    links = owned(Relationship, user).filter(
        Q(person__deceased=True, person__deceased_on__gte=since)
        | Q(other__deceased=True, other__deceased_on__gte=since),
        other__isnull=False,
        kind__in=FAMILY,
    )
    if ids is not None:
        links = links.filter(Q(person_id__in=ids) | Q(other_id__in=ids))

    def died(person: Person) -> bool:
        return person.deceased_on is not None and person.deceased_on >= since

    found = {}
    for link in links.select_related("person", "other"):
        for relative, dead in ((link.other, link.person), (link.person, link.other)):
            on = dead.deceased_on
            if on is not None and on >= since and not died(relative):
                found[(relative.pk, dead.pk)] = Death(
                    relative.pk, dead.pk, dead.display_name, dead.first_name, on
                )
    return [death for key, death in sorted(found.items()) if ids is None or key[0] in ids]


@dataclass(frozen=True)
class Loss:
    """Someone's latest bereavement, while they are recently bereaved."""

    date: dt.date
    who: str = ""
    """The first name of the contact who died, for a death in the family."""
    kind: str = "bereavement"


def recently_bereaved(user: User, today: dt.date) -> dict[int, Loss]:
    """The user's people recently bereaved on ``today`` (``recent_bereavement``:
    a bereavement recorded on them, or a death in their family), each with
    their latest loss. Few rows whatever the network's size: only the losses
    of the last ``MOURNING_DAYS`` are read."""
    since = today - dt.timedelta(days=MOURNING_DAYS)
    losses: dict[int, list[Loss]] = defaultdict(list)
    recorded = owned(LifeEvent, user).filter(
        kind=LifeEventKind.BEREAVEMENT, date__gt=since, date__lte=today
    )
    for pid, day in recorded.values_list("person_id", "date"):
        losses[pid].append(Loss(day))
    for death in deaths_in_the_family(user, today):
        losses[death.relative].append(Loss(death.on, death.first_name))
    found = {pid: recent_bereavement(events, today) for pid, events in losses.items()}
    return {pid: loss for pid, loss in found.items() if loss is not None}
