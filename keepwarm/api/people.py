"""People: the list (the web list's search, filters and sorts), a person's
page, and adding, changing, archiving and deleting a person."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from keepwarm.api import etags, paging
from keepwarm.api.problems import Problem
from keepwarm.api.shapes import (
    AddressOut,
    Body,
    ContactPointOut,
    Id,
    IsoDate,
    JobOut,
    KeyDateOut,
    LifeEventOut,
    RelationshipOut,
    Text,
)
from keepwarm.contacts import queries
from keepwarm.contacts.editing import save_person
from keepwarm.contacts.models import Circle, Person
from keepwarm.contacts.services import create_person
from keepwarm.lib.words import WARMTH_WORDS
from keepwarm.owned import get_owned_or_404, owned
from keepwarm.planner.warmth import label
from keepwarm.plans import health
from keepwarm.plans.agenda import warmth_of
from keepwarm.touches.services import delete_person

router = Router(tags=["people"])

Sort = Literal["name", "-created", "coldest", "recent", "warmth", "-warmth"]
Warmth = Literal[WARMTH_WORDS]  # type: ignore[valid-type]
NEVER = dt.date(1, 1, 1)
"""Stands for "no touch yet" in a cursor: before every real date."""
ORDERS: dict[str, paging.Order] = {
    "name": (("sort_name", False), ("id", False)),
    "-created": (("created_at", True), ("id", True)),
    "coldest": (("touch_key", False), ("sort_name", False), ("id", False)),
    "recent": (("touch_key", True), ("sort_name", False), ("id", False)),
}
"""The web list's sorts (``contacts.queries.SORTS``) with the id last, so a
cursor names one row; "no touch yet" sorts first when coldest, last when recent."""


class Birthday(Body):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    year: int | None = Field(default=None, ge=1, le=9999)


class PersonSummary(Schema):
    id: int
    display_name: str
    circle_id: int | None
    circle: str
    tags: list[str]
    company: str
    job_title: str
    city: str
    email: str
    last_touch_on: dt.date | None
    archived: bool
    warmth: int | None
    """0-100, the planner's; None for the archived and the deceased."""
    warmth_word: str


class PersonPage(Schema):
    items: list[PersonSummary]
    next_cursor: str | None


class PersonOut(Schema):
    id: int
    display_name: str
    prefix: str
    given_name: str
    additional_names: str
    family_name: str
    suffix: str
    nickname: str
    is_organization: bool
    company: str
    job_title: str
    industry: str
    city: str
    how_we_met: str
    notes: str
    circle_id: int | None
    circle: str
    tags: list[str]
    birthday: Birthday | None
    deceased: bool
    deceased_on: dt.date | None
    archived: bool
    paused_until: dt.date | None
    last_touch_on: dt.date | None
    warmth: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    contact_points: list[ContactPointOut]
    addresses: list[AddressOut]
    key_dates: list[KeyDateOut]
    relationships: list[RelationshipOut]
    life_events: list[LifeEventOut]
    jobs: list[JobOut]


class PersonFields(Body):
    """What a client may set on a person (each optional when changing one)."""

    prefix: Text | None = None
    given_name: Text | None = None
    additional_names: Text | None = None
    family_name: Text | None = None
    suffix: Text | None = None
    nickname: Text | None = None
    is_organization: bool | None = None
    company: Text | None = None
    job_title: Text | None = None
    industry: Text | None = None
    city: Text | None = None
    how_we_met: Text | None = None
    notes: Text | None = None
    circle_id: Id | None = None
    tags: list[Text] | None = Field(default=None, max_length=100)
    birthday: Birthday | None = None
    deceased: bool | None = None
    deceased_on: IsoDate | None = None
    paused_until: IsoDate | None = None


class PersonIn(PersonFields):
    name: Text = Field(min_length=1, max_length=300)
    """The whole name as written ("Dr. Juan de la Vega"): split into its parts."""
    emails: list[Text] = Field(default=[], max_length=20)
    phones: list[Text] = Field(default=[], max_length=20)


class PersonPatch(PersonFields):
    display_name: Text | None = None
    archived: bool | None = None


class PeopleQuery(Schema):
    q: Text = Field(default="", max_length=200, description="Words as in the web list's search.")
    circle: Id | None = None
    tag: Id | None = None
    warmth: Warmth | None = None
    archived: bool = Field(default=False, description="The archived instead of the others.")
    sort: Sort = "name"
    cursor: Text | None = Field(default=None, max_length=1000)
    limit: int = Field(default=paging.DEFAULT_LIMIT, ge=1, le=paging.MAX_LIMIT)


NOT_FOUND = {404: Problem}
CHANGE = {404: Problem, 412: Problem, 422: Problem}


def person_of(request: HttpRequest, person_id: int) -> Person:
    """``person_id`` of the requester's, or 404."""
    return get_owned_or_404(Person, request.user, pk=person_id)


def person_to_change(request: HttpRequest, person_id: int) -> Person:
    """``person_id`` of the requester's, locked until the change commits: the
    ``If-Match`` check and the save are one step, so two devices saving at the
    same moment cannot both pass it. Call it inside ``transaction.atomic``."""
    return get_owned_or_404(Person.objects.select_for_update(), request.user, pk=person_id)


def shown(person: Person, warmth: int | None = None) -> PersonOut:
    """What the API shows of ``person``: their fields and every row of theirs."""
    return PersonOut(
        id=person.pk,
        display_name=person.display_name,
        prefix=person.prefix,
        given_name=person.given_name,
        additional_names=person.additional_names,
        family_name=person.family_name,
        suffix=person.suffix,
        nickname=person.nickname,
        is_organization=person.is_organization,
        company=person.company,
        job_title=person.job_title,
        industry=person.industry,
        city=person.city,
        how_we_met=person.how_we_met,
        notes=person.notes,
        circle_id=person.circle_id,
        circle=person.circle.name if person.circle_id else "",
        tags=sorted(tag.name for tag in person.tags.all()),
        birthday=_birthday(person),
        deceased=person.deceased,
        deceased_on=person.deceased_on,
        archived=person.archived,
        paused_until=person.paused_until,
        last_touch_on=person.last_touch_on,
        warmth=warmth,
        created_at=person.created_at,
        updated_at=person.updated_at,
        contact_points=[ContactPointOut.of(r) for r in person.contact_points.order_by("id")],
        addresses=[AddressOut.of(r) for r in person.addresses.order_by("id")],
        key_dates=[KeyDateOut.of(r) for r in person.key_dates.order_by("id")],
        relationships=[RelationshipOut.of(r) for r in person.relationships.select_related("other")],
        life_events=[LifeEventOut.of(r) for r in person.life_events.order_by("date", "id")],
        jobs=[JobOut.of(r) for r in person.jobs.order_by("id")],
    )


def answer(request: HttpRequest, person: Person, response: HttpResponse) -> PersonOut:
    """The person's page with its ETag, as read and after a change. The ETag
    covers what a client can change (warmth, worked out, is left out)."""
    fresh = get_owned_or_404(Person.objects.select_related("circle"), request.user, pk=person.pk)
    body = shown(fresh)
    response["ETag"] = etags.tag_of(body)
    body.warmth = warmth_of(request.user, [fresh.pk]).get(fresh.pk)
    return body


def current_tag(request: HttpRequest, person: Person) -> str:
    return etags.tag_of(shown(person))


def _birthday(person: Person) -> Birthday | None:
    day = person.birthday
    return None if day is None else Birthday(month=day.month, day=day.day, year=day.year)


def _summary(person: Person, warmth: dict[int, int]) -> PersonSummary:
    emails = getattr(person, "emails", [])
    value = warmth.get(person.pk)
    return PersonSummary(
        id=person.pk,
        display_name=person.display_name,
        circle_id=person.circle_id,
        circle=person.circle.name if person.circle_id else "",
        tags=sorted(tag.name for tag in person.tags.all()),
        company=person.company,
        job_title=person.job_title,
        city=person.city,
        email=emails[0].value if emails else "",
        last_touch_on=person.last_touch_on,
        archived=person.archived,
        warmth=value,
        warmth_word=label(value) if value is not None else "",
    )


def _circle(request: HttpRequest, circle_id: int | None) -> Circle | None:
    if circle_id is None:
        return None
    circle = owned(Circle, request.user).filter(pk=circle_id).first()
    if circle is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"circle_id": f"You have no circle {circle_id}."})
    return circle


def _fields(payload: PersonFields, request: HttpRequest) -> dict[str, Any]:
    """The person's own fields the payload sets (not tags)."""
    given = payload.model_dump(exclude_unset=True, exclude={"tags", "emails", "phones", "name"})
    fields: dict[str, Any] = {}
    for name, value in given.items():
        if name == "birthday":
            day = payload.birthday
            fields["birthday_month"] = day.month if day else None
            fields["birthday_day"] = day.day if day else None
            fields["birthday_year"] = day.year if day else None
        elif name == "circle_id":
            if value is not None:
                fields["circle"] = _circle(request, value)
        elif value is not None or name in {"deceased_on", "paused_until"}:
            fields[name] = value
    return fields


@router.get("/people", response=PersonPage, operation_id="list_people")
def list_people(request: HttpRequest, params: Query[PeopleQuery]) -> dict[str, Any]:
    """The people, as the web list finds and sorts them, a page at a time."""
    wanted = queries.PeopleFilter(
        search=" ".join(params.q.split()),
        circle_id=params.circle,
        tag_id=params.tag,
        archived=params.archived,
        sort=params.sort,
        warmth=params.warmth or "",
    )
    everyone: dict[int, int] = {}

    def warmth() -> dict[int, int]:
        everyone.update(health.warmth_by_id(request.user))
        return everyone

    found = queries.people_list(request.user, wanted, warmth)
    if isinstance(found, queries.PeopleByIds):
        ids, cursor = paging.by_position(found.ids, params.sort, params.cursor, params.limit)
        page = _by_ids(found, ids)
    else:
        rows = found.annotate(touch_key=Coalesce("last_touch_on", Value(NEVER)))
        order = ORDERS.get(params.sort, ORDERS["name"])

        def key(person: Person) -> list[Any]:
            return [getattr(person, field) for field, _ in order]

        page, cursor = paging.keyset(rows, order, params.sort, params.cursor, params.limit, key)
    ids = [person.pk for person in page]
    known = (
        {pk: everyone[pk] for pk in ids if pk in everyone}
        if everyone
        else warmth_of(request.user, ids)
    )
    return {"items": [_summary(p, known) for p in page], "next_cursor": cursor}


def _by_ids(found: queries.PeopleByIds, ids: list[int]) -> list[Person]:
    rows = {person.pk: person for person in found.rows.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


@router.get(
    "/people/{person_id}", response={200: PersonOut, **NOT_FOUND}, operation_id="get_person"
)
def get_person(request: HttpRequest, person_id: int, response: HttpResponse) -> PersonOut:
    """A person with every row of theirs; the ETag to send back as ``If-Match``."""
    return answer(request, person_of(request, person_id), response)


@router.post("/people", response={201: PersonOut, 422: Problem}, operation_id="create_person")
def add_person(request: HttpRequest, payload: PersonIn, response: HttpResponse) -> Any:
    """Add a person: the name is split into its parts, the first email and
    phone are the preferred ones, new tags are made."""
    fields = _fields(payload, request)
    circle = fields.pop("circle", None)
    person = create_person(
        request.user,
        payload.name,
        circle=circle,
        emails=payload.emails,
        phones=payload.phones,
        tags=payload.tags or (),
        **fields,
    )
    response["Location"] = f"/api/v1/people/{person.pk}"
    return Status(201, answer(request, person, response))


@router.patch(
    "/people/{person_id}",
    response={200: PersonOut, **CHANGE},
    operation_id="update_person",
)
def update_person(
    request: HttpRequest, person_id: int, payload: PersonPatch, response: HttpResponse
) -> PersonOut:
    """Change some of a person's fields (those sent); ``tags`` replaces them all.
    Send ``If-Match`` with the ETag you read: 412 when it changed meanwhile."""
    with transaction.atomic():
        person = person_to_change(request, person_id)
        etags.check(request, current_tag(request, person))
        for name, value in _fields(payload, request).items():
            setattr(person, name, value)
        save_person(person, tags=payload.tags)
    return answer(request, person, response)


@transaction.atomic
def _archived(request: HttpRequest, person_id: int, response: HttpResponse, on: bool) -> Any:
    person = person_to_change(request, person_id)
    etags.check(request, current_tag(request, person))
    person.archived = on
    save_person(person)
    return answer(request, person, response)


@router.post(
    "/people/{person_id}/archive",
    response={200: PersonOut, **CHANGE},
    operation_id="archive_person",
)
def archive_person(request: HttpRequest, person_id: int, response: HttpResponse) -> Any:
    """Archive a person: off the plan and the list, everything kept."""
    return _archived(request, person_id, response, True)


@router.post(
    "/people/{person_id}/unarchive",
    response={200: PersonOut, **CHANGE},
    operation_id="unarchive_person",
)
def unarchive_person(request: HttpRequest, person_id: int, response: HttpResponse) -> Any:
    """Bring an archived person back."""
    return _archived(request, person_id, response, False)


@router.delete(
    "/people/{person_id}",
    response={204: None, 404: Problem, 412: Problem},
    operation_id="delete_person",
)
def remove_person(request: HttpRequest, person_id: int) -> Any:
    """Delete a person and what is theirs alone (touches shared with others stay)."""
    with transaction.atomic():
        person = person_to_change(request, person_id)
        etags.check(request, current_tag(request, person))
        delete_person(person)
    return Status(204, None)
