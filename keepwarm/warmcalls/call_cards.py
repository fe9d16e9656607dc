"""Call cards: everything that makes a warm call easy, on one card.

Why the person is relevant, the last few touches, family and recent life
events to ask about, the notes, and an opening line. A cold person's card
suggests a friendly warm-up touch and its line never asks for anything. Within
six weeks of a death in their family (``planner.occasions.recent_bereavement``)
a card opens with condolences and holds its ask; a fresh illness or a new baby
holds it too; the dead are never asked about as living relatives.
Cards for a page of people are built together, in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q

from keepwarm.contacts.losses import deaths_in_the_family
from keepwarm.contacts.models import LifeEvent, LifeEventKind, Person, RelationKind, Relationship
from keepwarm.contacts.search import fold
from keepwarm.lib.words import day_month
from keepwarm.owned import owned
from keepwarm.planner.occasions import MOURNING_DAYS, recent_bereavement
from keepwarm.touches.models import TouchPerson
from keepwarm.warmcalls.ranking import Goal, WarmCall, mentions

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

LAST_TOUCHES = 3
EVENT_DAYS = 365
FRESH_DAYS = MOURNING_DAYS
"""News this fresh (the same six weeks as mourning) leads a cold friend's hello,
and a new baby or an illness this fresh holds the ask."""
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


@dataclass(frozen=True)
class Lately:
    """A life event on a card: one recorded on the person, or a death in their family."""

    date: dt.date
    kind: str
    note: str = ""
    who: str = ""
    """The first name of the contact whose death this is, for a death in the family."""

    @property
    def label(self) -> str:
        return str(LifeEventKind(self.kind).label)


@dataclass
class Card:
    call: WarmCall
    touches: list[TouchLine] = field(default_factory=list)
    family: list[Relative] = field(default_factory=list)
    events: list[Lately] = field(default_factory=list)
    notes: str = ""
    opening: str = ""
    ask: str = ""  # empty for a warm-up: no ask before the friendship is warm again
    warm_up_touch: str = ""
    first: str = ""
    """What comes before any ask, when news holds it: "condolences first"."""
    pause: str = ""
    """Why there is no ask now: "Carlos Ruiz died on 24 Nov. Condolences first — …"."""

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


def _family(user: User, ids: list[int]) -> dict[int, list[Relative]]:
    """Spouses, partners and children, whichever side recorded the relationship;
    never one who has died."""
    wanted = [str(k) for k in ASKED_ABOUT]
    rels = owned(Relationship, user).select_related("person", "other")
    rels = rels.filter(
        Q(person_id__in=ids, kind__in=wanted)
        | Q(other_id__in=ids, kind__in=[RelationKind.SPOUSE, RelationKind.PARTNER])
        | Q(other_id__in=ids, kind=RelationKind.PARENT)
    ).order_by("kind", "id")
    found: dict[int, list[Relative]] = defaultdict(list)
    for rel in rels:
        alive = rel.other is None or not rel.other.deceased
        if rel.person_id in ids and rel.kind in wanted and alive:
            found[rel.person_id].append(Relative(rel.other_display, rel.kind))
        if rel.other_id in ids and rel.other_id != rel.person_id and not rel.person.deceased:
            kind = "child" if rel.kind == RelationKind.PARENT else rel.kind
            if kind in wanted:
                found[rel.other_id].append(Relative(rel.person.display_name, kind))
    return {pid: _unique(relatives) for pid, relatives in found.items()}


def named(note: str, name: str) -> bool:
    """``name`` is a whole word of ``note`` ("Rui died", "Rui, after a long illness"),
    not a possessive ("Rita's grandfather"); case and accents ignored."""
    word = fold(name).strip()
    return bool(word) and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", fold(note)) is not None


def _living(family: list[Relative], mourned: list[str]) -> list[Relative]:
    """``family`` without those a bereavement's note names (a relative known only
    by name has no "has died" of their own)."""
    return [r for r in family if not any(named(note, r.first_name) for note in mourned)]


def _unique(relatives: list[Relative]) -> list[Relative]:
    seen: dict[str, Relative] = {}
    for relative in relatives:
        seen.setdefault(relative.name.casefold(), relative)
    order = ["spouse", "partner", "child"]
    return sorted(seen.values(), key=lambda r: (order.index(r.kind), r.name.casefold()))


def _events(
    user: User, ids: list[int], today: dt.date
) -> tuple[dict[int, list[Lately]], dict[int, list[str]]]:
    """Each person's life events of the last ``EVENT_DAYS``, newest first, the
    deaths in their family among them; and the notes of all their bereavements,
    however old (``_living``)."""
    since = today - dt.timedelta(days=EVENT_DAYS)
    rows = owned(LifeEvent, user).filter(person_id__in=ids, date__lte=today)
    rows = rows.filter(Q(date__gte=since) | Q(kind=LifeEventKind.BEREAVEMENT))
    found: dict[int, list[Lately]] = defaultdict(list)
    mourned: dict[int, list[str]] = defaultdict(list)
    fields = ("person_id", "kind", "date", "note")
    for pid, kind, day, note in rows.order_by("-date", "-id").values_list(*fields):
        if day >= since:
            found[pid].append(Lately(day, kind, note))
        if kind == LifeEventKind.BEREAVEMENT and note:
            mourned[pid].append(note)
    for death in deaths_in_the_family(user, today, ids):
        if death.on >= since:
            found[death.relative].append(
                Lately(death.on, LifeEventKind.BEREAVEMENT, death.event.note, death.first_name)
            )
    for events in found.values():
        events.sort(key=lambda e: e.date, reverse=True)
    return found, mourned


_TOPIC = {
    LifeEventKind.NEW_JOB: "how's the new role{at} going?",
    LifeEventKind.BABY: "how is life with the little one?",
    LifeEventKind.MOVE: "how are you settling in{in_city}?",
    LifeEventKind.WEDDING: "how is married life treating you?",
    LifeEventKind.GRADUATION: "congratulations again on the graduation!",
    LifeEventKind.RETIREMENT: "how is retirement treating you?",
    LifeEventKind.HOME_PROJECT: "how did the house project turn out?",
    LifeEventKind.ILLNESS: "how are you feeling these days?",
    LifeEventKind.BEREAVEMENT: "I've been thinking of you; how are you doing?",
}
_CONGRATULATE = {
    LifeEventKind.NEW_JOB: "congratulations on the new job{at}!",
    LifeEventKind.BABY: "congratulations on the baby!",
    LifeEventKind.WEDDING: "congratulations on the wedding!",
    LifeEventKind.GRADUATION: "congratulations on the graduation!",
    LifeEventKind.RETIREMENT: "congratulations on your retirement!",
}
"""Fresh good news, the first thing said to a cold friend (not "it's been a while")."""


@dataclass(frozen=True)
class Hold:
    """News that comes before any ask: what the card says instead."""

    first: str
    """The badge: "condolences first"."""
    opening: str
    """The line after "Hi Maria — "."""
    pause: str
    """Why there is no ask now."""
    touch: str
    """The touch to make first, for a cold friend."""


_HOLDS = {
    LifeEventKind.ILLNESS: Hold(
        "get well first",
        "I heard you've been unwell. How are you feeling? Let me know if I can help with anything.",
        "Unwell since {day}. Wish them well and offer a hand — no ask for now.",
        "a note to wish them well and offer a hand",
    ),
    LifeEventKind.BABY: Hold(
        "congratulations first",
        "congratulations on the baby! How are you all doing?",
        "A new baby on {day}. Congratulations first — the ask can wait a few weeks.",
        "a note to congratulate them on the baby",
    ),
}
"""Fresh news (``FRESH_DAYS``) other than a death that holds the ask."""


def hold(events: Sequence[Lately], today: dt.date) -> Hold | None:
    """What comes before any ask on ``today``, if anything: condolences while
    recently bereaved, else a fresh illness or new baby (the latest)."""
    loss = recent_bereavement(events, today)
    if loss is not None:
        day = day_month(loss.date)
        if loss.who:
            about, what = f"about {loss.who}", f"{loss.note} on {day}"
        else:
            note = f" ({trimmed(loss.note, 60)})" if loss.note else ""
            about, what = "of your loss", f"A bereavement on {day}{note}"
        return Hold(
            "condolences first",
            f"I was so sorry to hear {about}. I've been thinking of you; how are you doing?",
            f"{what}. Condolences first — no ask for now.",
            "a note of condolence",
        )
    since = today - dt.timedelta(days=FRESH_DAYS)
    for event in events:  # newest first
        found = _HOLDS.get(LifeEventKind(event.kind))
        if found is not None and since < event.date <= today:
            return Hold(
                found.first,
                found.opening,
                found.pause.format(day=day_month(event.date)),
                found.touch,
            )
    return None


def _say(person: Person, text: str) -> str:
    at = f" at {person.company}" if person.company else ""
    in_city = f" in {person.city}" if person.city else ""
    return text.format(at=at, in_city=in_city)


def _topic(person: Person, events: Sequence[Lately]) -> str:
    for event in events:
        text = _TOPIC.get(LifeEventKind(event.kind))
        if text:
            return _say(person, text)
    if person.company:
        return f"how are things at {person.company}?"
    return "how have you been?"


def opening_line(person: Person, family: list[Relative], events: Sequence[Lately]) -> str:
    """ "Hi Jane — how's the new role at Acme going? And how is Lily?" """
    line = f"Hi {person.first_name} — {_topic(person, events)}"
    asked = next((r for r in family if r.kind == RelationKind.CHILD), None) or next(
        iter(family), None
    )
    if asked is not None:
        line += f" And how is {asked.first_name}?"
    return line


def warm_up_line(
    person: Person, touch: str, events: Sequence[Lately] = (), today: dt.date | None = None
) -> str:
    """A hello after a long silence, never an ask: "Hi Tom, it's been a while —
    coffee soon?"; with news of the last year, the news first: "Hi Tom —
    congratulations on the new job at Acme! Could we catch up soon?" """
    soon = "coffee soon?" if touch.startswith("coffee") else "could we catch up soon?"
    event = events[0] if events else None
    text = _TOPIC.get(LifeEventKind(event.kind)) if event else None
    if event is None or text is None:
        return f"Hi {person.first_name}, it's been a while — {soon}"
    fresh = today is not None and (today - event.date).days < FRESH_DAYS
    if fresh:
        text = _CONGRATULATE.get(LifeEventKind(event.kind), text)
    return f"Hi {person.first_name} — {_say(person, text)} {soon[0].upper()}{soon[1:]}"


def warm_up_touch(person: Person, home_city: str, events: Sequence[Lately]) -> str:
    """The friendly touch to make before any ask."""
    if events and events[0].kind in _CONGRATULATE:
        return f"a note to congratulate them on the {events[0].label}"
    if home_city and person.city and fold(home_city) == fold(person.city):
        return "coffee — you are both in " + person.city
    return "a short note to say hello and ask how they are"


@dataclass(frozen=True)
class FirstStep:
    """What comes before any ask, as the call card says it."""

    first: str
    """ "warm up first", "condolences first", "get well first"…"""
    touch: str
    """The touch to make first (none for a warm friend whose news holds the ask)."""
    pause: str = ""
    """Why there is no ask now, when news holds it."""


def first_steps(
    user: User, people: Sequence[Person], cold: Container[int], today: dt.date
) -> dict[int, FirstStep]:
    """The first step of each of ``people`` whose card does not start with an ask
    (the ``cold`` ones by id, and those whose news holds the ask), in two queries."""
    events, _ = _events(user, [p.pk for p in people], today)
    home_city = getattr(getattr(user, "profile", None), "home_city", "") or ""
    found = {}
    for person in people:
        mine = events.get(person.pk, [])
        held = hold(mine, today)
        if held is not None:
            touch = held.touch if person.pk in cold else ""
            found[person.pk] = FirstStep(held.first, touch, held.pause)
        elif person.pk in cold:
            found[person.pk] = FirstStep("warm up first", warm_up_touch(person, home_city, mine))
    return found


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
    user: User, calls: Sequence[WarmCall], today: dt.date, *, goal: Goal | None = None
) -> list[Card]:
    """A call card for each warm call, in the same order."""
    ids = [c.person.pk for c in calls]
    touches = _touches(ids, today)
    family = _family(user, ids)
    events, mourned = _events(user, ids, today)
    home_city = getattr(getattr(user, "profile", None), "home_city", "") or ""
    cards = []
    for call in calls:
        pid = call.person.pk
        living = _living(family.get(pid, []), mourned.get(pid, []))
        card = Card(call, touches.get(pid, []), living, events.get(pid, []))
        card.notes = trimmed(call.person.notes)
        held = hold(card.events, today)
        if held is not None:
            card.first, card.pause = held.first, held.pause
            card.opening = f"Hi {call.person.first_name} — {held.opening}"
            card.warm_up_touch = held.touch if call.warm_up else ""
        elif call.warm_up:
            card.warm_up_touch = warm_up_touch(call.person, home_city, card.events)
            card.opening = warm_up_line(call.person, card.warm_up_touch, card.events, today)
        else:
            card.opening = opening_line(call.person, card.family, card.events)
            card.ask = ask_line(call, goal)
        cards.append(card)
    return cards
