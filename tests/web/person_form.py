"""The person form as a browser posts it: every field and formset of a
complete POST (``payload``), and a picture of a user's people and their rows
to prove a refused form saved nothing (``snapshot``)."""

from __future__ import annotations

from keepwarm.contacts.models import (
    Address,
    Circle,
    ContactPoint,
    KeyDate,
    LifeEvent,
    Person,
    Relationship,
    Tag,
)
from keepwarm.owned import owned

PREFIXES = ["contacts", "addresses", "dates", "relations", "events", "jobs"]
PERSON_FIELDS = [
    "prefix", "given_name", "additional_names", "family_name", "suffix", "nickname", "company",
    "job_title", "industry", "city", "how_we_met", "notes", "birthday_month", "birthday_day",
    "birthday_year", "deceased_on", "paused_until",
]  # fmt: skip


def circle(user, name: str = "Core") -> Circle:
    return owned(Circle, user).get(name=name)


def payload(user, rows: dict | None = None, **fields) -> dict:
    """A complete POST for the person form: the person's fields and every formset."""
    data = {
        "display_name": "Jane Doe",
        "circle": str(circle(user).pk),
        "tag_names": "",
        **dict.fromkeys(PERSON_FIELDS, ""),
    }
    for prefix in PREFIXES:
        forms = (rows or {}).get(prefix, [])
        data[f"{prefix}-TOTAL_FORMS"] = str(len(forms))
        data[f"{prefix}-INITIAL_FORMS"] = str(sum(1 for row in forms if "id" in row))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for index, row in enumerate(forms):
            data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def snapshot(user) -> tuple:
    models = (Person, ContactPoint, Address, KeyDate, Relationship, LifeEvent, Tag)
    rows = [sorted(map(repr, owned(model, user).values())) for model in models]
    return (*rows, sorted(map(repr, Person.tags.through.objects.values())))
