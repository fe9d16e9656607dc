"""People and touches out: as records for the vCard and CSV renderers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from keepwarm.contacts.models import Circle, Person, Tag
from keepwarm.contacts.search import search_filter
from keepwarm.formats import csvfiles, vcard
from keepwarm.formats.records import (
    ContactRecord,
    DateFact,
    Labeled,
    PostalAddress,
    Relation,
    extras_pairs,
)
from keepwarm.formats.touchlog import TouchRow, render_touches
from keepwarm.lib.dates import MonthDay
from keepwarm.owned import owned
from keepwarm.touches.models import Touch

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

MEDIA_TYPES = {"vcard": "text/vcard", "csv": "text/csv", "touches": "text/csv"}
"""The media type of each export (UTF-8 text)."""


def download_name(kind: str, day: dt.date) -> str:
    """``keepwarm-people-2026-11-25.vcf``: what an export is saved as."""
    what = "touches" if kind == "touches" else "people"
    extension = "vcf" if kind == "vcard" else "csv"
    return f"keepwarm-{what}-{day.isoformat()}.{extension}"


def record_of(person: Person) -> ContactRecord:
    points = list(person.contact_points.all())

    def labeled(kind: str) -> tuple[Labeled, ...]:
        return tuple(Labeled(p.value, p.label, p.preferred) for p in points if p.kind == kind)

    birthday = person.birthday
    return ContactRecord(
        line=0,
        uid=person.external_uid or f"urn:keepwarm:person:{person.pk}",
        display_name=person.display_name,
        prefix=person.prefix,
        given_name=person.given_name,
        additional_names=person.additional_names,
        family_name=person.family_name,
        suffix=person.suffix,
        nickname=person.nickname,
        company=person.company,
        job_title=person.job_title,
        notes=person.notes,
        emails=labeled("email"),
        phones=labeled("phone"),
        urls=labeled("url"),
        addresses=tuple(
            PostalAddress(a.label, a.street, a.locality, a.region, a.postcode, a.country_shown)
            for a in person.addresses.all()
        ),
        birthday=DateFact("birthday", birthday) if birthday else None,
        dates=tuple(
            DateFact(k.label, MonthDay(k.month, k.day, k.year)) for k in person.key_dates.all()
        ),
        relations=tuple(Relation(r.kind, r.other_display) for r in person.relationships.all()),
        categories=tuple(t.name for t in person.tags.all()),
        is_company=person.is_organization,
        photo=_photo_bytes(person),
        extras=tuple(extras_pairs(person.extras)),
    )


def _photo_bytes(person: Person) -> bytes:
    """The person's photo file, or nothing when there is none or it is gone."""
    if not person.photo:
        return b""
    try:
        with person.photo.open("rb") as picture:
            return bytes(picture.read())
    except OSError:
        return b""


def prefetched(user: User, people: Any = None) -> Any:
    chosen = people if people is not None else owned(Person, user)
    return chosen.prefetch_related(
        "contact_points", "addresses", "key_dates", "relationships__other", "tags"
    ).order_by("display_name", "id")


def select_people(
    user: User,
    *,
    circle: Circle | str | None = None,
    tag: Tag | str | None = None,
    search: str | None = None,
    ids: Iterable[int] = (),
) -> Any:
    """The user's people in a circle, with a tag, matching a search (each a
    choice of the user's or a name, any case) and among ``ids``; None when
    nothing narrows the choice, which means everyone and, for the touch log,
    every touch."""
    ids = list(ids)
    if not (circle or tag or (search or "").strip() or ids):
        return None
    people = owned(Person, user)
    if ids:
        people = people.filter(pk__in=ids)
    if isinstance(circle, Circle):
        people = people.filter(circle=circle)
    elif circle:
        people = people.filter(circle__name__iexact=circle.strip())
    if isinstance(tag, Tag):
        people = people.filter(tags=tag).distinct()
    elif tag:
        people = people.filter(tags__name__iexact=tag.strip()).distinct()
    if search and search.strip():
        people = people.filter(search_filter(search))
    return people


def export(user: User, kind: str, people: Any = None) -> tuple[bytes, int]:
    """The file's bytes and how many people or touches it holds."""
    if kind == "touches":
        return _touches(user, people)
    records = [record_of(person) for person in prefetched(user, people)]
    if kind == "vcard":
        return vcard.render(records, "4.0"), len(records)
    return csvfiles.render_google(records), len(records)


def _touches(user: User, people: Any) -> tuple[bytes, int]:
    touches = (
        owned(Touch, user)
        .select_related("kind")
        .prefetch_related("people__contact_points")
        .order_by("date", "id")
    )
    if people is not None:
        touches = touches.filter(people__in=people).distinct()
    rows = []
    for touch in touches:
        who = tuple(_who(p) for p in touch.people.all())
        rows.append(TouchRow(0, touch.date, touch.kind.label, who, touch.note))
    return render_touches(rows), len(rows)


def _who(person: Person) -> str:
    emails = [p for p in person.contact_points.all() if p.kind == "email"]
    preferred = sorted(emails, key=lambda p: not p.preferred)
    return preferred[0].value if preferred else person.display_name
