"""The 150 people of the demo network: the cast, the crowd, their details and events."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from keepwarm.demo.cast import LINKS, cast
from keepwarm.demo.crowd import Names, birthday, crowd, family
from keepwarm.demo.details import Directory, add_reach, share_address
from keepwarm.demo.pools import COMPANIES
from keepwarm.demo.spec import ContactSpec, DateSpec, EventSpec, PersonSpec, RelationSpec

CIRCLE_SIZES = {"Close": 15, "Core": 60, "Wide": 75}

# Gone cold: the share of each circle with no routine touches in the last months.
COLD = {"Close": 0.0, "Core": 0.12, "Wide": 0.35}

TWINS = {"theo_twin": "theo"}
"""Someone added twice (key → the first record's key): the second has the first's
work email and nothing else that tells them apart, as a card from an attendee
list would (``contacts.duplicates``: a shared email, no conflict)."""


def build_people(rng: random.Random, today: dt.date) -> list[PersonSpec]:
    story = cast(today)
    names = Names(story)
    people = list(story)
    for circle, size in CIRCLE_SIZES.items():
        have = sum(p.circle == circle for p in story)
        people += crowd(rng, circle, size - have, names)
    by_key = {p.key: p for p in story}
    for key, kind, other in LINKS:
        by_key[key].relations.append(RelationSpec(kind, other=by_key[other]))
    directory = Directory(rng)
    story_ids = {id(p) for p in story}
    # The second of a couple who are both contacts: their family is on the first's card.
    spouses = {id(r.other) for p in people for r in p.relations if r.other}
    for person in people:
        if person.birthday is None and person.deceased_on is None:
            person.birthday = birthday(rng, person)
        if id(person) not in story_ids:
            if id(person) not in spouses:
                family(rng, person, today)
            settle(rng, person, today)
        add_reach(person, directory)
    for person in people:
        for relation in person.relations:
            if relation.kind == "spouse" and relation.other is not None:
                share_address(person, relation.other)
    add_events(rng, [p for p in people if id(p) not in story_ids], today)
    for twin, first in TWINS.items():
        copy_of(by_key[twin], by_key[first], directory)
    return people


def copy_of(twin: PersonSpec, first: PersonSpec, directory: Directory) -> None:
    """``twin`` reached only at ``first``'s work email (given one if need be)."""
    domain = next((c.domain for c in COMPANIES if c.name == first.company), "example.org")
    work = next((c for c in first.contacts if c.kind == "email" and c.label == "work"), None)
    if work is None:
        home = any(c.kind == "email" for c in first.contacts)
        work = ContactSpec("email", directory.email(first, domain), "work", not home)
        first.contacts.append(work)
    twin.contacts = [ContactSpec("email", work.value, "work", True)]
    twin.addresses, twin.birthday, twin.relations = [], None, []


def settle(rng: random.Random, person: PersonSpec, today: dt.date) -> None:
    """When the user met a random person, and whether they have gone cold since."""
    if person.group == "school parents" and rng.random() < 0.4:
        year = today.year - 1 if today.month >= 10 else today.year - 2
        person.met_on = dt.date(year, 9, rng.randint(3, 20))
        person.how_we_met = "Met at the kindergarten orientation at Larkspur Elementary"
    elif rng.random() < COLD[person.circle]:
        person.quiet_after = today - dt.timedelta(days=rng.randint(240, 700))


Pick = Callable[[PersonSpec], bool]


def _choose(
    rng: random.Random, people: list[PersonSpec], used: set[int], test: Pick
) -> PersonSpec | None:
    candidates = [p for p in people if id(p) not in used and test(p)]
    if not candidates:
        return None
    person = rng.choice(candidates)
    used.add(id(person))
    return person


def _partner(person: PersonSpec) -> str:
    for relation in person.relations:
        if relation.kind in {"spouse", "partner"}:
            return relation.other.given if relation.other else relation.other_name
    return ""


def add_events(rng: random.Random, people: list[PersonSpec], today: dt.date) -> None:
    """Life events for a few people of the crowd, so the timeline has occasions."""
    used: set[int] = set()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days + rng.randint(-10, 10))

    def core(p: PersonSpec) -> bool:
        return p.circle == "Core" and p.quiet_after is None

    def event(test: Pick, kind: str, days: int, note: str) -> PersonSpec | None:
        person = _choose(rng, people, used, test)
        if person is not None:
            person.events.append(EventSpec(kind, ago(days), note.format(p=person)))
        return person

    event(core, "bereavement", 420, "Mother died after a long illness.")
    event(lambda p: core(p) and bool(p.company), "new_job", 300, "Started at {p.company}.")
    job_hunt = event(
        lambda p: core(p) and p.group == "former colleagues" and bool(p.company),
        "new_job",
        35,
        "Joined {p.company} after a long search.",
    )
    if job_hunt:
        job_hunt.key = "job_hunt"
    parent = event(
        lambda p: core(p) and bool(_partner(p)) and p.birth_year > 1982,
        "baby",
        480,
        "A baby girl, Maya.",
    )
    if parent:
        parent.relations.append(RelationSpec("child", other_name="Maya"))
    married = event(
        lambda p: core(p) and bool(_partner(p)) and p.is_home,
        "wedding",
        380,
        "Married in the backyard, with tacos.",
    )
    if married:
        for relation in married.relations:
            relation.kind = "spouse" if relation.kind == "partner" else relation.kind
        wed = married.events[-1].date
        married.key_dates = [DateSpec("wedding anniversary", wed.month, wed.day, wed.year)]
    retired = event(
        lambda p: p.birth_year < 1962 and bool(p.company),
        "retirement",
        200,
        "Retired from {p.company} after thirty years.",
    )
    if retired:
        retired.company, retired.job_title = "", "Retired"
    event(
        lambda p: core(p) and p.is_home,
        "home_project",
        60,
        "Renovating the kitchen; living on takeout until it is done.",
    )
    event(
        lambda p: core(p) and any(r.kind == "child" for r in p.relations) and p.birth_year < 1975,
        "graduation",
        180,
        "Their eldest graduated from high school.",
    )
    event(
        lambda p: core(p) and p.place.country == "US" and not p.is_home,
        "move",
        300,
        "Moved from Portland to {p.place.city} for work.",
    )
    event(core, "illness", 90, "Knee surgery; recovering and bored.")
