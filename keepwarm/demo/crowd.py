"""Everyone without a story: drawn at random, the same way for the same seed."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence

from keepwarm.demo.cast import on_day
from keepwarm.demo.places import ABROAD, HOME, PLACES, US_PLACES, Place
from keepwarm.demo.pools import COMPANIES, CULTURES, JOB_TITLES, MIX, Company
from keepwarm.demo.spec import DateSpec, PersonSpec, RelationSpec


def pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    names = [n for n, _ in weighted]
    return rng.choices(names, weights=[w for _, w in weighted])[0]


# How the user knows them: weight in Core, weight in Wide, birth years, where they live.
GROUPS: dict[str, tuple[float, float, tuple[int, int], str]] = {
    "college": (8, 8, (1984, 1988), "us"),
    "climbing": (8, 6, (1980, 1997), "home"),
    "neighbours": (7, 8, (1950, 1995), "home"),
    "former colleagues": (12, 14, (1965, 1993), "mixed"),
    "book club": (5, 3, (1955, 1995), "home"),
    "school parents": (6, 10, (1978, 1990), "home"),
    "conference": (4, 12, (1970, 1994), "far"),
    "travel": (2, 5, (1975, 1995), "abroad"),
    "work": (5, 6, (1970, 1998), "home"),
}

TAGS = {"work": ["colleagues"]}

HOW_WE_MET = {
    "college": (
        "Same dorm floor freshman year",
        "Statistics study group at college",
        "Intramural soccer team in college",
        "College radio station",
    ),
    "climbing": (
        "Climbing gym regular; we boulder on Tuesdays",
        "Smith Rock trip with the gym crew",
        "Intro to lead climbing class",
    ),
    "neighbours": (
        "Neighbours on our street",
        "Met at the block party",
        "Our dogs are best friends; met on walks",
    ),
    "former colleagues": (
        "Worked together at Northwind Analytics",
        "Same project at Northwind for two years",
        "Northwind alumni; met at the farewell lunch",
    ),
    "book club": ("Book club", "Joined the book club the same month as me"),
    "school parents": (
        "Our kids are in the same class at Larkspur Elementary",
        "Carpool for the kids' soccer practice",
        "Met at the school auction",
    ),
    "conference": (
        "Met at a conference in Seattle",
        "Met at a design conference in Berlin",
        "Shared a panel at a conference in London",
        "Met at a meetup in Chicago",
    ),
    "travel": (
        "Met on a cooking class in Lyon",
        "Shared a table on the night train to München",
        "Hiking group in the Lake District",
    ),
    "work": (
        "Colleague at Fernbrook",
        "Same team at Fernbrook",
        "Sits across from me at Fernbrook",
    ),
}

INDEPENDENT = (
    ("Freelance designer", "Design"),
    ("Freelance writer", "Media"),
    ("Photographer", "Media"),
    ("Independent consultant", "Consulting"),
    ("Freelance developer", "Software"),
    ("Translator", "Publishing"),
    ("Carpenter", "Construction"),
    ("Yoga teacher", "Health & fitness"),
    ("Graduate student", "Education"),
    ("Stay-at-home parent", ""),
)

PERSON_NOTES = (
    "Vegetarian.",
    "Coffee: oat flat white.",
    "Allergic to cats.",
    "Big football fan.",
    "Restores old road bikes.",
    "Sings in a community choir.",
    "Training for a half marathon.",
    "Gluten-free.",
    "Runs a tiny sourdough business on weekends.",
    "Loves board games.",
    "Collects vinyl; ask about the latest find.",
    "Prefers texts to calls.",
    "Volunteers at the food bank on Saturdays.",
    "Learning Japanese.",
    "Keeps bees.",
)


def home_place(rng: random.Random, group: str) -> Place:
    where = GROUPS[group][3]
    if where == "home":
        return PLACES["Bend"] if group == "climbing" and rng.random() < 0.15 else HOME
    if where == "us":
        return HOME if rng.random() < 0.3 else rng.choice(US_PLACES)
    if where == "mixed":
        roll = rng.random()
        return HOME if roll < 0.6 else rng.choice(US_PLACES) if roll < 0.93 else foreign(rng)
    if where == "far":
        return rng.choice(US_PLACES) if rng.random() < 0.5 else foreign(rng)
    return foreign(rng)


def foreign(rng: random.Random) -> Place:
    country = pick(rng, (("GB", 4), ("DE", 4), ("FR", 3), ("JP", 1)))
    return rng.choice(ABROAD[country])


class Names:
    """The names already in the network: no one twice, and few repeats of a name."""

    def __init__(self, people: Sequence[PersonSpec] = ()):
        self.full: set[str] = set()
        self.uses: Counter[str] = Counter()
        for person in people:
            self.add(person.given, person.family)

    def add(self, given: str, family: str) -> None:
        self.full.add(f"{given} {family}")
        self.uses.update([given, family])

    def fresh(self, given: str, family: str) -> bool:
        return f"{given} {family}" not in self.full and max(self.uses[given], self.uses[family]) < 2

    def draw(self, rng: random.Random, country: str, gender: str) -> tuple[str, str, str]:
        """(given, family, culture) for someone new."""
        for tries in range(200):
            culture = pick(rng, MIX[country])
            pool = CULTURES[culture]
            given = rng.choice(pool.female if gender == "f" else pool.male)
            family = rng.choice(pool.family)
            if self.fresh(given, family) or (tries > 100 and f"{given} {family}" not in self.full):
                self.add(given, family)
                return given, family, culture
        raise RuntimeError("ran out of demo names")


def employer(rng: random.Random, place: Place, group: str) -> Company | None:
    if group == "work":
        return next(c for c in COMPANIES if c.name == "Fernbrook Software")
    local = [c for c in COMPANIES if place.city in c.cities]
    if local and rng.random() < 0.85:
        return rng.choice(local)
    return None


def random_person(rng: random.Random, circle: str, names: Names) -> PersonSpec:
    weights = [(g, spec[0] if circle == "Core" else spec[1]) for g, spec in GROUPS.items()]
    group = pick(rng, weights)
    born_from, born_to = GROUPS[group][2]
    place = home_place(rng, group)
    gender = rng.choice("fm")
    given, family, culture = names.draw(rng, place.country, gender)
    person = PersonSpec(
        given=given,
        family=family,
        circle=circle,
        group=group,
        place=place,
        gender=gender,
        culture=culture,
        tags=list(TAGS.get(group, [group])),
        how_we_met=rng.choice(HOW_WE_MET[group]),
        birth_year=rng.randint(born_from, born_to),
    )
    set_job(rng, person)
    if rng.random() < 0.45:
        person.notes = " ".join(rng.sample(PERSON_NOTES, rng.randint(1, 2)))
    return person


def set_job(rng: random.Random, person: PersonSpec) -> None:
    if person.birth_year < 1960 and rng.random() < 0.85:
        person.job_title = "Retired"
        return
    company = employer(rng, person.place, person.group)
    if company is None:
        person.job_title, person.industry = rng.choice(INDEPENDENT)
        return
    person.company, person.industry = company.name, company.industry
    person.job_title = rng.choice(JOB_TITLES[company.industry])


def partner_for(rng: random.Random, person: PersonSpec, names: Names) -> PersonSpec:
    """The person's spouse, also a contact: same circle, same place."""
    gender = ("m" if person.gender == "f" else "f") if rng.random() < 0.9 else person.gender
    given, family, culture = names.draw(rng, person.place.country, gender)
    if rng.random() < 0.5 and f"{given} {person.family}" not in names.full:
        names.add(given, person.family)
        family = person.family
    spouse = PersonSpec(
        given=given,
        family=family,
        circle=person.circle,
        group=person.group,
        place=person.place,
        gender=gender,
        culture=culture,
        tags=list(person.tags),
        how_we_met=person.how_we_met,
        birth_year=person.birth_year + rng.randint(-3, 3),
    )
    set_job(rng, spouse)
    person.relations.append(RelationSpec("spouse", other=spouse))
    return spouse


def crowd(rng: random.Random, circle: str, count: int, names: Names) -> list[PersonSpec]:
    """``count`` random people for ``circle``; a few come as couples."""
    people: list[PersonSpec] = []
    while len(people) < count:
        person = random_person(rng, circle, names)
        people.append(person)
        couple = person.group in {"neighbours", "school parents"} and person.is_home
        if couple and len(people) < count and rng.random() < 0.25:
            people.append(partner_for(rng, person, names))
    return people


def birthday(rng: random.Random, person: PersonSpec) -> DateSpec | None:
    known = {"Close": 1.0, "Core": 0.9, "Wide": 0.7}[person.circle]
    if rng.random() >= known:
        return None
    year = person.birth_year
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    with_year = {"Close": 0.85, "Core": 0.7, "Wide": 0.5}[person.circle]
    spec = on_day(day, year)
    return spec if rng.random() < with_year else DateSpec("birthday", spec.month, spec.day)


def family(rng: random.Random, person: PersonSpec, today: dt.date) -> None:
    """Named relatives who are not contacts: a spouse or partner, children."""
    age = today.year - person.birth_year
    pool = CULTURES[person.culture]
    partner = next((r for r in person.relations if r.kind in {"spouse", "partner"}), None)
    if partner is None and age > 27 and rng.random() < 0.6:
        partner_gender = (
            rng.choice("fm") if rng.random() < 0.1 else ("m" if person.gender == "f" else "f")
        )
        name = rng.choice(
            [n for n in (pool.female if partner_gender == "f" else pool.male) if n != person.given]
        )
        partner = RelationSpec("spouse" if rng.random() < 0.75 else "partner", other_name=name)
        person.relations.append(partner)
        if partner.kind == "spouse" and rng.random() < 0.4:
            wed = dt.date(today.year - rng.randint(2, max(3, age - 25)), 1, 1)
            wed += dt.timedelta(days=rng.randrange(365))
            person.key_dates.append(DateSpec("wedding anniversary", wed.month, wed.day, wed.year))
    if partner is not None and 30 <= age <= 62 and rng.random() < 0.55:
        grown_ups = {person.given, partner.other.given if partner.other else partner.other_name}
        names = [n for n in (*pool.female, *pool.male) if n not in grown_ups]
        person.relations.extend(
            RelationSpec("child", other_name=n) for n in rng.sample(names, rng.randint(1, 3))
        )
