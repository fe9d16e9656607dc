"""People as plain data: the JSON the CLI prints and the rows of its tables.

The shapes are documented in docs/cli.md; change both together.
Import after Django is set up.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from keepwarm.contacts.models import ContactKind, ContactPoint, Person
from keepwarm.touches import queries
from keepwarm.touches.models import Touch

RECENT_TOUCHES = 10


def birthday_text(person: Person) -> str | None:
    """``--MM-DD`` without a year (as in vCard), else ``YYYY-MM-DD``."""
    return person.birthday.iso() if person.birthday else None


def list_queryset(people: QuerySet[Person]) -> QuerySet[Person]:
    """The people list in a fixed number of queries, whatever its length."""
    emails = ContactPoint.objects.filter(kind=ContactKind.EMAIL).order_by("-preferred", "id")
    return people.select_related("circle").prefetch_related(
        Prefetch("contact_points", queryset=emails, to_attr="emails"), "tags"
    )


def list_item(person: Person) -> dict[str, Any]:
    emails = getattr(person, "emails", None)
    if emails is None:
        emails = [p for p in person.contact_points.all() if p.kind == ContactKind.EMAIL]
    return {
        "id": person.pk,
        "name": person.display_name,
        "circle": person.circle.name if person.circle else None,  # None: not sorted yet
        "company": person.company,
        "email": emails[0].value if emails else None,
        "tags": sorted(t.name for t in person.tags.all()),
        "last_touch": person.last_touch_on,
        "archived": person.archived,
        "deceased": person.deceased,
    }


def detail(person: Person) -> dict[str, Any]:
    """Everything known about one person, with recent touches and open follow-ups."""
    return {
        **list_item(person),
        "name_parts": {
            "prefix": person.prefix,
            "given": person.given_name,
            "additional": person.additional_names,
            "family": person.family_name,
            "suffix": person.suffix,
        },
        "nickname": person.nickname,
        "job_title": person.job_title,
        "industry": person.industry,
        "city": person.city,
        "how_we_met": person.how_we_met,
        "notes": person.notes,
        "birthday": birthday_text(person),
        "deceased_on": person.deceased_on,
        "paused_until": person.paused_until,
        "has_photo": bool(person.photo),
        "created_at": timezone.localtime(person.created_at),
        **parts(person),
        "touches": recent_touches(person),
        "follow_ups": open_follow_ups(person),
    }


def parts(person: Person) -> dict[str, list[dict[str, Any]]]:
    return {
        "contact_points": [
            {
                "kind": p.kind,
                "label": p.label,
                "value": p.value,
                "normalized": p.normalized,
                "preferred": p.preferred,
            }
            for p in person.contact_points.all()
        ],
        "addresses": [
            {
                "label": a.label,
                "street": a.street,
                "locality": a.locality,
                "region": a.region,
                "postcode": a.postcode,
                "country": a.country_shown,
                "mailing": a.is_mailing,
                "lines": a.lines(),
            }
            for a in person.addresses.all()
        ],
        "dates": [{"label": d.label, "date": d.month_day.iso()} for d in person.key_dates.all()],
        "relationships": relationships(person),
        "life_events": [
            {"kind": e.kind, "date": e.date, "note": e.note} for e in person.life_events.all()
        ],
        "jobs": [
            {
                "company": j.company,
                "role": j.role,
                "industry": j.industry,
                "started": j.started,
                "ended": j.ended,
            }
            for j in person.jobs.all()
        ],
    }


def relationships(person: Person) -> list[dict[str, Any]]:
    """Both directions: whom this person names, and who names this person."""
    own = [
        {"kind": r.kind, "person_id": r.other_id, "name": r.other_display}
        for r in person.relationships.select_related("other")
    ]
    theirs = [
        {"kind": f"{r.kind} of", "person_id": r.person_id, "name": r.person.display_name}
        for r in person.related_to.select_related("person")
    ]
    return own + theirs


def recent_touches(person: Person) -> list[dict[str, Any]]:
    touches = (
        Touch.objects.filter(touchperson__person=person)
        .select_related("kind")
        .prefetch_related("people")
        .order_by("-date", "-id")
    )
    return [
        {
            "id": t.pk,
            "date": t.date,
            "kind": t.kind.label,
            "note": t.note,
            "with": [p.display_name for p in t.people.all() if p.pk != person.pk],
        }
        for t in touches[:RECENT_TOUCHES]
    ]


def open_follow_ups(person: Person) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {"id": f.pk, "due": f.due, "text": f.text, "status": f.status(today)}
        for f in queries.open_follow_ups(person.owner).filter(person=person).order_by("due", "id")
    ]
