"""A large synthetic network for benchmarks: fast bulk inserts, deterministic."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

FIRST = [
    "Anna",
    "Ben",
    "Chloé",
    "Dmitri",
    "Elif",
    "Femi",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kavya",
    "Liam",
    "Maëlle",
    "Nikos",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sven",
    "Tomasz",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zofia",
]
LAST = [
    "Andersen",
    "Brown",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Huang",
    "Ivanova",
    "Jansen",
    "Kowalski",
    "López",
    "Müller",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Varga",
    "Wójcik",
    "Xu",
    "Yilmaz",
    "Zhang",
]
COMPANIES = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Aperture",
    "Gringotts",
    "Monarch",
]
TAGS = ["college", "climbing", "neighbours", "former colleagues", "book club", "choir", "mentors"]


@transaction.atomic
def build(username: str, people: int, touches: int, seed: int = 1) -> Any:
    """Create ``username`` with ``people`` people and ``touches`` touches over two years."""
    from keepwarm.accounts.services import create_user
    from keepwarm.contacts.models import Circle, ContactPoint, Person, Tag
    from keepwarm.contacts.services import refresh_search_text
    from keepwarm.owned import owned
    from keepwarm.touches.models import Touch, TouchKind, TouchPerson
    from keepwarm.touches.services import refresh_last_touch

    rng = random.Random(seed)
    user = create_user(username, "bench-password-not-secret", country="US")
    circles = list(owned(Circle, user))
    kinds = list(owned(TouchKind, user))
    tags = Tag.objects.bulk_create([Tag(owner=user, name=name) for name in TAGS])
    today = dt.date(2026, 11, 25)

    rows = []
    for i in range(people):
        given, family = rng.choice(FIRST), rng.choice(LAST)
        rows.append(
            Person(
                owner=user,
                given_name=given,
                family_name=family,
                display_name=f"{given} {family} {i}",
                company=rng.choice(COMPANIES),
                city=rng.choice(["Boston", "Berlin", "Lyon", "Osaka"]),
                circle=rng.choice(circles),
                birthday_month=rng.randint(1, 12),
                birthday_day=rng.randint(1, 28),
                notes="Met at a conference. " * rng.randint(0, 5),
            )
        )
    persons = Person.objects.bulk_create(rows, batch_size=2000)
    points = []
    for i, person in enumerate(persons):
        points.append(
            ContactPoint(
                owner=user,
                person=person,
                kind="email",
                value=f"person{i}@example.com",
                normalized=f"person{i}@example.com",
                preferred=True,
            )
        )
        points.append(
            ContactPoint(
                owner=user,
                person=person,
                kind="phone",
                value=f"+1617555{i % 10000:04d}",
                normalized=f"+1617555{i % 10000:04d}",
            )
        )
    ContactPoint.objects.bulk_create(points, batch_size=5000)
    through = Person.tags.through
    through.objects.bulk_create(
        [through(person_id=p.pk, tag_id=rng.choice(tags).pk) for p in persons], batch_size=5000
    )

    touch_rows = [
        Touch(
            owner=user,
            kind=rng.choice(kinds),
            date=today - dt.timedelta(days=rng.randint(0, 730)),
            note=rng.choice(["", "Good talk.", "Caught up about the kids."]),
        )
        for _ in range(touches)
    ]
    created = Touch.objects.bulk_create(touch_rows, batch_size=5000)
    links = [TouchPerson(touch=t, person=rng.choice(persons), date=t.date) for t in created]
    TouchPerson.objects.bulk_create(links, batch_size=5000)

    for start in range(0, len(persons), 2000):
        batch = persons[start : start + 2000]
        refresh_search_text(batch)
        refresh_last_touch(p.pk for p in batch)

    from keepwarm.warmcalls.models import JobHunt

    hunt = JobHunt.objects.create(
        owner=user, companies="Acme\nGlobex", roles="engineer", cities="Boston"
    )
    hunt.tags.set([tags[0]])
    return user
