"""The API's routes for the rows of a person: contact points, addresses, key
dates, relationships, life events and jobs.

Each kind is a short list under its person (``/people/{id}/contact-points``)
with the same four operations: list, add, change the fields sent, remove. A
row is checked as the person form checks it (``contacts.rows.clean_typed``)
and saved through ``contacts.editing.save_person``, so the rules across a
person's rows hold (one preferred email, one mailing address, the caps), the
search text follows and the person's ``updated_at`` moves. A change is a
change to the person: ``If-Match`` takes the person's ETag, and the answer
carries the person's new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from keepwarm.api import etags
from keepwarm.api.people import current_tag, person_of, person_to_change
from keepwarm.api.problems import Problem
from keepwarm.api.row_inputs import (
    AddressIn,
    AddressList,
    AddressPatch,
    ContactPointIn,
    ContactPointList,
    ContactPointPatch,
    JobIn,
    JobList,
    JobPatch,
    KeyDateIn,
    KeyDateList,
    KeyDatePatch,
    LifeEventIn,
    LifeEventList,
    LifeEventPatch,
    RelationshipIn,
    RelationshipList,
    RelationshipPatch,
)
from keepwarm.api.shapes import (
    AddressOut,
    ContactPointOut,
    JobOut,
    KeyDateOut,
    LifeEventOut,
    RelationshipOut,
)
from keepwarm.contacts.editing import check_rows, save_person
from keepwarm.contacts.models import (
    Address,
    ContactPoint,
    Job,
    KeyDate,
    LifeEvent,
    Person,
    Relationship,
)
from keepwarm.contacts.rows import clean_typed
from keepwarm.owned import get_owned_or_404

router = Router(tags=["person rows"])


# What the routes share -----------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of row: its model, how it shows, where it lives and in what order."""

    model: type[Any]
    out: Any
    path: str
    order: tuple[str, ...] = ("id",)
    rule_field: str = ""
    """The field a rule across rows (``editing.RULES``) is about."""


CONTACT_POINTS = Kind(ContactPoint, ContactPointOut, "contact-points", rule_field="preferred")
ADDRESSES = Kind(Address, AddressOut, "addresses", rule_field="is_mailing")
KEY_DATES = Kind(KeyDate, KeyDateOut, "key-dates")
RELATIONSHIPS = Kind(Relationship, RelationshipOut, "relationships", ("kind", "id"))
LIFE_EVENTS = Kind(LifeEvent, LifeEventOut, "life-events", ("date", "id"))
JOBS = Kind(Job, JobOut, "jobs")
"""In the order of the person's page (``people.shown``)."""

API_FIELDS = {"other": "other_id"}
"""Model fields a client names otherwise."""

LIST = {404: Problem}
CHANGE = {404: Problem, 412: Problem, 422: Problem}


def _rows(kind: Kind, person: Person) -> Any:
    rows = kind.model.objects.filter(person=person).order_by(*kind.order)
    return rows.select_related("other") if kind.model is Relationship else rows


def _row(request: HttpRequest, kind: Kind, person_id: int, row_id: int) -> tuple[Person, Any]:
    """The person (locked for the change: ``person_to_change``) and their row,
    both the requester's, or 404."""
    person = person_to_change(request, person_id)
    return person, get_owned_or_404(_rows(kind, person), request.user, pk=row_id)


def _set(row: Any, values: dict[str, Any]) -> None:
    """The fields sent, on the row; for a relationship, naming the other one
    way alone drops the other way."""
    for name, value in values.items():
        setattr(row, name, value)
    if isinstance(row, Relationship):
        if values.get("other_id") is not None and "other_name" not in values:
            row.other_name = ""
        if values.get("other_name") and "other_id" not in values:
            row.other_id = None


def _save(person: Person, kind: Kind, row: Any, *, deleted: bool = False) -> None:
    """Check the row as typed and save it (or remove it) with the person;
    ``ValidationError`` by the fields a client sent."""
    try:
        if deleted:
            save_person(person, deleted=[row])
            return
        clean_typed(row)
        if kind.rule_field:
            try:
                check_rows(person, kind.model, [row])
            except ValidationError as exc:
                raise ValidationError({kind.rule_field: exc.messages}) from None
        save_person(person, saved=[row])
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {API_FIELDS.get(name, name): errors for name, errors in exc.error_dict.items()}
        ) from None


def _tag(request: HttpRequest, person: Person, response: HttpResponse) -> None:
    """The person's ETag as it is now, for the next ``If-Match``."""
    response["ETag"] = current_tag(request, person_of(request, person.pk))


def _list(request: HttpRequest, kind: Kind, person_id: int, response: HttpResponse) -> Any:
    person = person_of(request, person_id)
    response["ETag"] = current_tag(request, person)
    return {"items": [kind.out.of(row) for row in _rows(kind, person)]}


@transaction.atomic
def _create(
    request: HttpRequest, kind: Kind, person_id: int, payload: Schema, response: HttpResponse
) -> Any:
    person = person_to_change(request, person_id)
    etags.check(request, current_tag(request, person))
    row = kind.model(owner=person.owner, person=person)
    _set(row, payload.model_dump())
    _save(person, kind, row)
    response["Location"] = f"/api/v1/people/{person.pk}/{kind.path}/{row.pk}"
    _tag(request, person, response)
    return Status(201, kind.out.of(row))


@transaction.atomic
def _update(
    request: HttpRequest,
    kind: Kind,
    person_id: int,
    row_id: int,
    payload: Schema,
    response: HttpResponse,
) -> Any:
    person, row = _row(request, kind, person_id, row_id)
    etags.check(request, current_tag(request, person))
    _set(row, payload.model_dump(exclude_unset=True))
    _save(person, kind, row)
    _tag(request, person, response)
    return kind.out.of(row)


@transaction.atomic
def _delete(
    request: HttpRequest, kind: Kind, person_id: int, row_id: int, response: HttpResponse
) -> Any:
    person, row = _row(request, kind, person_id, row_id)
    etags.check(request, current_tag(request, person))
    _save(person, kind, row, deleted=True)
    _tag(request, person, response)
    return Status(204, None)


# Contact points ------------------------------------------------------------------------

POINTS = "/people/{person_id}/contact-points"
POINT = POINTS + "/{contact_point_id}"


@router.get(POINTS, response={200: ContactPointList, **LIST}, operation_id="list_contact_points")
def list_contact_points(request: HttpRequest, person_id: int, response: HttpResponse) -> Any:
    """A person's emails, phones, web addresses and social handles."""
    return _list(request, CONTACT_POINTS, person_id, response)


@router.post(POINTS, response={201: ContactPointOut, **CHANGE}, operation_id="create_contact_point")
def create_contact_point(
    request: HttpRequest, person_id: int, payload: ContactPointIn, response: HttpResponse
) -> Any:
    """Add an email, a phone, a web address or a social handle."""
    return _create(request, CONTACT_POINTS, person_id, payload, response)


@router.patch(POINT, response={200: ContactPointOut, **CHANGE}, operation_id="update_contact_point")
def update_contact_point(
    request: HttpRequest,
    person_id: int,
    contact_point_id: int,
    payload: ContactPointPatch,
    response: HttpResponse,
) -> Any:
    """Change the fields sent. To prefer another one of a kind, first unmark the preferred one."""
    return _update(request, CONTACT_POINTS, person_id, contact_point_id, payload, response)


@router.delete(POINT, response={204: None, **CHANGE}, operation_id="delete_contact_point")
def delete_contact_point(
    request: HttpRequest, person_id: int, contact_point_id: int, response: HttpResponse
) -> Any:
    """Remove an email, a phone, a web address or a social handle."""
    return _delete(request, CONTACT_POINTS, person_id, contact_point_id, response)


# Addresses -----------------------------------------------------------------------------

ADDRESSES_PATH = "/people/{person_id}/addresses"
ADDRESS = ADDRESSES_PATH + "/{address_id}"


@router.get(ADDRESSES_PATH, response={200: AddressList, **LIST}, operation_id="list_addresses")
def list_addresses(request: HttpRequest, person_id: int, response: HttpResponse) -> Any:
    """A person's postal addresses."""
    return _list(request, ADDRESSES, person_id, response)


@router.post(ADDRESSES_PATH, response={201: AddressOut, **CHANGE}, operation_id="create_address")
def create_address(
    request: HttpRequest, person_id: int, payload: AddressIn, response: HttpResponse
) -> Any:
    """Add a postal address."""
    return _create(request, ADDRESSES, person_id, payload, response)


@router.patch(ADDRESS, response={200: AddressOut, **CHANGE}, operation_id="update_address")
def update_address(
    request: HttpRequest,
    person_id: int,
    address_id: int,
    payload: AddressPatch,
    response: HttpResponse,
) -> Any:
    """Change the fields sent. To mail to another address, first unmark the mailing one."""
    return _update(request, ADDRESSES, person_id, address_id, payload, response)


@router.delete(ADDRESS, response={204: None, **CHANGE}, operation_id="delete_address")
def delete_address(
    request: HttpRequest, person_id: int, address_id: int, response: HttpResponse
) -> Any:
    """Remove a postal address."""
    return _delete(request, ADDRESSES, person_id, address_id, response)


# Key dates -----------------------------------------------------------------------------

DATES = "/people/{person_id}/key-dates"
DATE = DATES + "/{key_date_id}"


@router.get(DATES, response={200: KeyDateList, **LIST}, operation_id="list_key_dates")
def list_key_dates(request: HttpRequest, person_id: int, response: HttpResponse) -> Any:
    """A person's key dates (anniversaries, name days…), the year when known."""
    return _list(request, KEY_DATES, person_id, response)


@router.post(DATES, response={201: KeyDateOut, **CHANGE}, operation_id="create_key_date")
def create_key_date(
    request: HttpRequest, person_id: int, payload: KeyDateIn, response: HttpResponse
) -> Any:
    """Add a key date: a day of the year, its year when known (never in the future)."""
    return _create(request, KEY_DATES, person_id, payload, response)


@router.patch(DATE, response={200: KeyDateOut, **CHANGE}, operation_id="update_key_date")
def update_key_date(
    request: HttpRequest,
    person_id: int,
    key_date_id: int,
    payload: KeyDatePatch,
    response: HttpResponse,
) -> Any:
    """Change the fields sent."""
    return _update(request, KEY_DATES, person_id, key_date_id, payload, response)


@router.delete(DATE, response={204: None, **CHANGE}, operation_id="delete_key_date")
def delete_key_date(
    request: HttpRequest, person_id: int, key_date_id: int, response: HttpResponse
) -> Any:
    """Remove a key date."""
    return _delete(request, KEY_DATES, person_id, key_date_id, response)


# Relationships -------------------------------------------------------------------------

RELATIONS = "/people/{person_id}/relationships"
RELATION = RELATIONS + "/{relationship_id}"


@router.get(RELATIONS, response={200: RelationshipList, **LIST}, operation_id="list_relationships")
def list_relationships(request: HttpRequest, person_id: int, response: HttpResponse) -> Any:
    """A person's family, friends and colleagues, in the network or named."""
    return _list(request, RELATIONSHIPS, person_id, response)


@router.post(
    RELATIONS, response={201: RelationshipOut, **CHANGE}, operation_id="create_relationship"
)
def create_relationship(
    request: HttpRequest, person_id: int, payload: RelationshipIn, response: HttpResponse
) -> Any:
    """Add a relationship: to one of your people (``other_id``) or to someone
    named (``other_name``). "Maria is Tom's spouse": on Tom, kind spouse."""
    return _create(request, RELATIONSHIPS, person_id, payload, response)


@router.patch(
    RELATION, response={200: RelationshipOut, **CHANGE}, operation_id="update_relationship"
)
def update_relationship(
    request: HttpRequest,
    person_id: int,
    relationship_id: int,
    payload: RelationshipPatch,
    response: HttpResponse,
) -> Any:
    """Change the fields sent."""
    return _update(request, RELATIONSHIPS, person_id, relationship_id, payload, response)


@router.delete(RELATION, response={204: None, **CHANGE}, operation_id="delete_relationship")
def delete_relationship(
    request: HttpRequest, person_id: int, relationship_id: int, response: HttpResponse
) -> Any:
    """Remove a relationship (the other person stays)."""
    return _delete(request, RELATIONSHIPS, person_id, relationship_id, response)


# Life events ---------------------------------------------------------------------------

EVENTS = "/people/{person_id}/life-events"
EVENT = EVENTS + "/{life_event_id}"


@router.get(EVENTS, response={200: LifeEventList, **LIST}, operation_id="list_life_events")
def list_life_events(request: HttpRequest, person_id: int, response: HttpResponse) -> Any:
    """A person's life events, oldest first."""
    return _list(request, LIFE_EVENTS, person_id, response)


@router.post(EVENTS, response={201: LifeEventOut, **CHANGE}, operation_id="create_life_event")
def create_life_event(
    request: HttpRequest, person_id: int, payload: LifeEventIn, response: HttpResponse
) -> Any:
    """Add a life event: the planner suggests what fits (condolences after a
    bereavement, congratulations on a new job…)."""
    return _create(request, LIFE_EVENTS, person_id, payload, response)


@router.patch(EVENT, response={200: LifeEventOut, **CHANGE}, operation_id="update_life_event")
def update_life_event(
    request: HttpRequest,
    person_id: int,
    life_event_id: int,
    payload: LifeEventPatch,
    response: HttpResponse,
) -> Any:
    """Change the fields sent."""
    return _update(request, LIFE_EVENTS, person_id, life_event_id, payload, response)


@router.delete(EVENT, response={204: None, **CHANGE}, operation_id="delete_life_event")
def delete_life_event(
    request: HttpRequest, person_id: int, life_event_id: int, response: HttpResponse
) -> Any:
    """Remove a life event."""
    return _delete(request, LIFE_EVENTS, person_id, life_event_id, response)


# Jobs ----------------------------------------------------------------------------------

JOBS_PATH = "/people/{person_id}/jobs"
JOB = JOBS_PATH + "/{job_id}"


@router.get(JOBS_PATH, response={200: JobList, **LIST}, operation_id="list_jobs")
def list_jobs(request: HttpRequest, person_id: int, response: HttpResponse) -> Any:
    """A person's work history (warm calls find former staff too)."""
    return _list(request, JOBS, person_id, response)


@router.post(JOBS_PATH, response={201: JobOut, **CHANGE}, operation_id="create_job")
def create_job(request: HttpRequest, person_id: int, payload: JobIn, response: HttpResponse) -> Any:
    """Add a job to the work history (the person's current company is a field of theirs)."""
    return _create(request, JOBS, person_id, payload, response)


@router.patch(JOB, response={200: JobOut, **CHANGE}, operation_id="update_job")
def update_job(
    request: HttpRequest, person_id: int, job_id: int, payload: JobPatch, response: HttpResponse
) -> Any:
    """Change the fields sent."""
    return _update(request, JOBS, person_id, job_id, payload, response)


@router.delete(JOB, response={204: None, **CHANGE}, operation_id="delete_job")
def delete_job(request: HttpRequest, person_id: int, job_id: int, response: HttpResponse) -> Any:
    """Remove a job from the work history."""
    return _delete(request, JOBS, person_id, job_id, response)
