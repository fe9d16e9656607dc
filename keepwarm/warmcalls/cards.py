"""Call cards: everything that makes a warm call easy, on one card.

Why the person is relevant, the last few touches, family and recent life
events to ask about, the notes, and an opening line. A cold person's card
suggests a friendly warm-up touch and its line never asks for anything.
Cards for a page of people are built together, in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from keepwarm.contacts.models import LifeEvent, LifeEventKind, Person, RelationKind, Relationship
from keepwarm.owned import owned
from keepwarm.touches.models import TouchPerson
from keepwarm.warmcalls.ranking import Goal, WarmCall, mentions

LAST_TOUCHES = 3
EVENT_DAYS = 365
NOTES_LENGTH = 280
TOUCH_DAYS = 2 * 365
ASKED_ABOUT = {RelationKind.SPOUSE, RelationKind.PARTNER, RelationKind.CHILD}


@dataclass(frozen=True)
class TouchLine:
    date: dt.date
    kind: str
    note: str


@dataclass(frozen=True)
class Relative:
    name: str
    kind: str  # "spouse", "partner" or "child"

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


@dataclass
class Card:
    call: WarmCall
    touches: list[TouchLine] = field(default_factory=list)
    family: list[Relative] = field(default_factory=list)
    events: list[LifeEvent] = field(default_factory=list)
    notes: str = ""
    opening: str = ""
    ask: str = ""  # empty for a warm-up: no ask before the friendship is warm again
    warm_up_touch: str = ""

    @property
    def person(self) -> Person:
        return self.call.person


def trimmed(text: str, length: int = NOTES_LENGTH) -> str:
    """The notes, whitespace tidied, cut at a word near ``length`` with an ellipsis."""
    plain = " ".join((text or "").split())
    if len(plain) <= length:
        return plain
    cut = plain[:length].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def _touches(ids: list[int], today: dt.date) -> dict[int, list[TouchLine]]:
    since = today - dt.timedelta(days=TOUCH_DAYS)
    rows = (
        TouchPerson.objects.filter(person_id__in=ids, date__gte=since, date__lte=today)
        .select_related("touch__kind")
        .order_by("person_id", "-date", "-touch_id")
    )
    found: dict[int, list[TouchLine]] = defaultdict(list)
    for row in rows:
        if len(found[row.person_id]) < LAST_TOUCHES:
            found[row.person_id].append(
                TouchLine(row.date, row.touch.kind.label, trimmed(row.touch.note, 140))
            )
    return found


def _family(user: Any, ids: list[int]) -> dict[int, list[Relative]]:
    """Spouses, partners and children, whichever side recorded the relationship."""
    wanted = [str(k) for k in ASKED_ABOUT]
    rels = owned(Relationship, user).select_related("person", "other")
    rels = rels.filter(
        Q(person_id__in=ids, kind__in=wanted)
        | Q(other_id__in=ids, kind__in=[RelationKind.SPOUSE, RelationKind.PARTNER])
        | Q(other_id__in=ids, kind=RelationKind.PARENT)
    ).order_by("kind", "id")
    found: dict[int, list[Relative]] = defaultdict(list)
    for rel in rels:
        if rel.person_id in ids and rel.kind in wanted:
            found[rel.person_id].append(Relative(rel.other_display, rel.kind))
        if rel.other_id in ids and rel.other_id != rel.person_id:
            kind = "child" if rel.kind == RelationKind.PARENT else rel.kind
            if kind in wanted:
                found[rel.other_id].append(Relative(rel.person.display_name, kind))
    return {pid: _unique(relatives) for pid, relatives in found.items()}


def _unique(relatives: list[Relative]) -> list[Relative]:
    seen: dict[str, Relative] = {}
    for relative in relatives:
        seen.setdefault(relative.name.casefold(), relative)
    order = ["spouse", "partner", "child"]
    return sorted(seen.values(), key=lambda r: (order.index(r.kind), r.name.casefold()))


def _events(user: Any, ids: list[int], today: dt.date) -> dict[int, list[LifeEvent]]:
    since = today - dt.timedelta(days=EVENT_DAYS)
    rows = owned(LifeEvent, user).filter(person_id__in=ids, date__gte=since, date__lte=today)
    found: dict[int, list[LifeEvent]] = defaultdict(list)
    for event in rows.order_by("-date", "-id"):
        found[event.person_id].append(event)
    return found


_TOPIC = {
    LifeEventKind.NEW_JOB: "how's the new role{at} going?",
    LifeEventKind.BABY: "how is life with the little one?",
    LifeEventKind.MOVE: "how are you settling in{in_city}?",
    LifeEventKind.WEDDING: "how is married life treating you?",
    LifeEventKind.GRADUATION: "congratulations again on the graduation!",
    LifeEventKind.RETIREMENT: "how is retirement treating you?",
    LifeEventKind.HOME_PROJECT: "how did the house project turn out?",
    LifeEventKind.ILLNESS: "how are you feeling these days?",
    LifeEventKind.BEREAVEMENT: "I've been thinking of you — how are you doing?",
}


def _topic(person: Person, events: list[LifeEvent]) -> str:
    for event in events:
        text = _TOPIC.get(LifeEventKind(event.kind))
        if text:
            at = f" at {person.company}" if person.company else ""
            in_city = f" in {person.city}" if person.city else ""
            return text.format(at=at, in_city=in_city)
    if person.company:
        return f"how are things at {person.company}?"
    return "how have you been?"


def opening_line(person: Person, family: list[Relative], events: list[LifeEvent]) -> str:
    """ "Hi Jane — how's the new role at Acme going? And how is Lily?" """
    line = f"Hi {person.first_name} — {_topic(person, events)}"
    asked = next((r for r in family if r.kind == RelationKind.CHILD), None) or next(
        iter(family), None
    )
    if asked is not None:
        line += f" And how is {asked.first_name}?"
    return line


def warm_up_line(person: Person, touch: str) -> str:
    """A hello after a long silence, never an ask: "Hi Tom, it's been a while — coffee soon?" """
    soon = "coffee soon?" if touch.startswith("coffee") else "could we catch up soon?"
    return f"Hi {person.first_name}, it's been a while — {soon}"


def warm_up_touch(person: Person, home_city: str, events: list[LifeEvent]) -> str:
    """The friendly touch to make before any ask."""
    from keepwarm.contacts.search import fold

    if events and events[0].kind in {LifeEventKind.NEW_JOB, LifeEventKind.BABY}:
        return f"a note to congratulate them on the {events[0].get_kind_display()}"
    if home_city and person.city and fold(home_city) == fold(person.city):
        return "coffee — you are both in " + person.city
    return "a short note to say hello and ask how they are"


def ask_line(call: WarmCall, goal: Goal | None) -> str:
    """The gentle ask of a warm call, about the target company their reasons name."""
    companies = goal.companies if goal else ()
    company = next((c for c in companies if any(mentions(r, c) for r in call.reasons)), "")
    if company and mentions(call.person.company, company):
        company = call.person.company  # as the user spells it on the person: "Acme", not "acme"
    if company and call.kinds & {"works", "worked"}:
        return f"I'm looking at roles at {company} — could I ask you what it's like there?"
    if company:
        return f"I'm looking at roles at {company} — do you know anyone there I could talk to?"
    return "I'm looking for a new role — could I ask your advice?"


def cards_for(
    user: Any, calls: Sequence[WarmCall], today: dt.date, *, goal: Goal | None = None
) -> list[Card]:
    """A call card for each warm call, in the same order."""
    ids = [c.person.pk for c in calls]
    touches = _touches(ids, today)
    family = _family(user, ids)
    events = _events(user, ids, today)
    home_city = getattr(getattr(user, "profile", None), "home_city", "") or ""
    cards = []
    for call in calls:
        pid = call.person.pk
        card = Card(call, touches.get(pid, []), family.get(pid, []), events.get(pid, []))
        card.notes = trimmed(call.person.notes)
        if call.warm_up:
            card.warm_up_touch = warm_up_touch(call.person, home_city, card.events)
            card.opening = warm_up_line(call.person, card.warm_up_touch)
        else:
            card.opening = opening_line(call.person, card.family, card.events)
            card.ask = ask_line(call, goal)
        cards.append(card)
    return cards
