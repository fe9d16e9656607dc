"""The API's routes for touches, follow-ups, touch kinds, circles and tags.

Logging a touch is idempotent by its ``client_id`` (the id a device gave a
touch it logged offline): the first ``POST /touches`` answers 201, a retry of
the same client id 200 with the touch already logged, and logs nothing new."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from keepwarm.api import etags, paging
from keepwarm.api.problems import Problem
from keepwarm.api.shapes import Body, Id, IsoDate, Text
from keepwarm.contacts.models import Person
from keepwarm.contacts.queries import circles_with_counts, tags_with_counts
from keepwarm.owned import get_owned_or_404, owned
from keepwarm.touches import queries, services
from keepwarm.touches.models import (
    CLIENT_ID,
    FollowUp,
    Touch,
    TouchKind,
    check_field,
    validate_due_date,
)

router = Router(tags=["touch log"])

MAX_PEOPLE = 500
"""People in one touch, as the web's form allows."""
NOT_FOUND = {404: Problem}
CHANGE = {404: Problem, 412: Problem, 422: Problem}


def _client_id(value: str) -> str:
    if not CLIENT_ID.regex.search(value):
        raise PydanticCustomError("client_id", str(CLIENT_ID.message))
    return value


ClientId = Annotated[
    Text,
    Field(min_length=8, max_length=64, json_schema_extra={"pattern": "^[A-Za-z0-9_-]{8,64}$"}),
    AfterValidator(_client_id),
]
"""A touch's id made on the device that logged it (a UUID fits)."""


# Shapes --------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    display_name: str


class FollowUpOut(Schema):
    id: int
    person_id: int
    person: str
    """The person's name."""
    text: str
    due: dt.date
    status: Literal["overdue", "due", "upcoming", "done"]
    """Worked out on the owner's today."""
    done_at: dt.datetime | None
    touch_id: int | None
    """The touch it was promised in, if any."""
    created_at: dt.datetime

    @staticmethod
    def of(row: FollowUp, today: dt.date) -> FollowUpOut:
        return FollowUpOut(
            id=row.pk,
            person_id=row.person_id,
            person=row.person.display_name,
            text=row.text,
            due=row.due,
            status=row.status(today),  # type: ignore[arg-type]
            done_at=row.done_at,
            touch_id=row.touch_id,
            created_at=row.created_at,
        )


class TouchOut(Schema):
    id: int
    date: dt.date
    kind_id: int
    kind: str
    """The kind's label."""
    people: list[PersonRef]
    note: str
    client_id: str
    """The id the logging device gave it; "" when none."""
    created_at: dt.datetime
    follow_ups: list[FollowUpOut]
    """The follow-ups promised when it was logged."""


class TouchPage(Schema):
    items: list[TouchOut]
    next_cursor: str | None


class TouchIn(Body):
    people: list[Id] = Field(min_length=1, max_length=MAX_PEOPLE)
    kind_id: Id
    date: IsoDate | None = Field(default=None, description="Default: the owner's today.")
    note: Text = Field(default="", max_length=5000)
    follow_up: Text = Field(
        default="", max_length=300, description="What you promised: one follow-up per person."
    )
    follow_up_due: IsoDate | None = Field(
        default=None, description="When the follow-up is due; default: the day after the touch."
    )
    client_id: ClientId | None = Field(
        default=None,
        description="Your id of this touch: logging it again answers 200 with the touch "
        "already logged and logs nothing new.",
    )


class TouchPatch(Body):
    date: IsoDate | None = None
    kind_id: Id | None = None
    note: Text | None = Field(default=None, max_length=5000)
    people: list[Id] | None = Field(
        default=None, min_length=1, max_length=MAX_PEOPLE, description="Replaces them all."
    )


class ListQuery(Schema):
    cursor: Text | None = Field(default=None, max_length=1000)
    limit: int = Field(default=paging.DEFAULT_LIMIT, ge=1, le=paging.MAX_LIMIT)


class TouchesQuery(ListQuery):
    person: Id | None = Field(default=None, description="Only the touches with this person.")
    kind: Id | None = Field(default=None, description="Only the touches of this kind.")
    since: IsoDate | None = Field(default=None, description="On or after this day.")
    until: IsoDate | None = Field(default=None, description="On or before this day.")


FollowUpState = Literal["open", "overdue", "due", "upcoming", "done", "all"]


class FollowUpsQuery(ListQuery):
    state: FollowUpState = Field(
        default="open",
        description="open (the default), the web's tabs (overdue, due today, upcoming, "
        "done), or all.",
    )
    person: Id | None = Field(default=None, description="Only this person's follow-ups.")


class FollowUpPage(Schema):
    items: list[FollowUpOut]
    next_cursor: str | None


class FollowUpIn(Body):
    person_id: Id
    text: Text = Field(min_length=1, max_length=300)
    due: IsoDate


class FollowUpPatch(Body):
    person_id: Id | None = None
    text: Text | None = Field(default=None, min_length=1, max_length=300)
    due: IsoDate | None = None


class KindOut(Schema):
    id: int
    label: str
    minutes: int
    """Minutes of the owner's time, per person."""
    channel: str
    needs: str
    """What a person must have for it: "", address, phone, email, birthday, same_city."""
    warmth_weight: float
    batchable: bool
    setup_minutes: int
    occasion: str
    """What the planner keeps it for; "" for a routine kind."""
    position: int


class KindPage(Schema):
    items: list[KindOut]
    next_cursor: str | None


class CircleOut(Schema):
    id: int
    name: str
    touches_per_year: int
    position: int
    is_default: bool
    people_count: int
    """Everyone in it, the archived and the deceased included."""


class CirclePage(Schema):
    items: list[CircleOut]
    next_cursor: str | None


class TagOut(Schema):
    id: int
    name: str
    people_count: int


class TagPage(Schema):
    items: list[TagOut]
    next_cursor: str | None


# Looking up what a body or a query names -------------------------------------


def _people(request: HttpRequest, ids: Sequence[int], field: str) -> list[Person]:
    """The requester's people of ``ids``, in order; 422 on ``field`` naming the
    ids that are none of theirs (whether or not they exist)."""
    wanted = list(dict.fromkeys(ids))
    found = owned(Person, request.user).in_bulk(wanted)
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        noun = "person" if len(missing) == 1 else "people"
        raise ValidationError({field: f"You have no {noun} with the id {', '.join(missing)}."})
    return [found[pk] for pk in wanted]


def _kind(request: HttpRequest, kind_id: int, field: str) -> TouchKind:
    kind = owned(TouchKind, request.user).filter(pk=kind_id).first()
    if kind is None:
        raise ValidationError({field: f"You have no touch kind with the id {kind_id}."})
    return kind  # type: ignore[no-any-return]


# Touches -------------------------------------------------------------------


def _with_follow_ups(touches: QuerySet[Touch]) -> QuerySet[Touch]:
    follow_ups = FollowUp.objects.select_related("person").order_by("id")
    return touches.prefetch_related(Prefetch("follow_ups", queryset=follow_ups))


def _touch_out(touch: Touch, today: dt.date) -> TouchOut:
    return TouchOut(
        id=touch.pk,
        date=touch.date,
        kind_id=touch.kind_id,
        kind=touch.kind.label,
        people=[PersonRef(id=p.pk, display_name=p.display_name) for p in touch.people.all()],
        note=touch.note,
        client_id=touch.client_id,
        created_at=touch.created_at,
        follow_ups=[FollowUpOut.of(f, today) for f in touch.follow_ups.all()],
    )


def _touch_tag(body: TouchOut) -> str:
    """The ETag covers what a client can change; its follow-ups change apart."""
    return etags.tag_of(body.model_dump(mode="json", exclude={"follow_ups"}))


def _touch_of(request: HttpRequest, touch_id: int) -> Touch:
    touches = _with_follow_ups(queries.people_with_touches(Touch.objects.all()))
    return get_owned_or_404(touches, request.user, pk=touch_id)  # type: ignore[no-any-return]


def _touch_answer(request: HttpRequest, touch_id: int, response: HttpResponse) -> TouchOut:
    body = _touch_out(_touch_of(request, touch_id), timezone.localdate())
    response["ETag"] = _touch_tag(body)
    return body


TOUCH_ORDER: paging.Order = (("date", True), ("id", True))


@router.get("/touches", response={200: TouchPage, 422: Problem}, operation_id="list_touches")
def list_touches(request: HttpRequest, params: Query[TouchesQuery]) -> dict[str, Any]:
    """The touch log, newest first, optionally with one person, of one kind or
    within days (``since`` and ``until`` included)."""
    person = _people(request, [params.person], "person")[0] if params.person else None
    kind = _kind(request, params.kind, "kind") if params.kind else None
    if params.since and params.until and params.since > params.until:
        raise ValidationError({"until": "Pick a day on or after since."})
    touches = queries.touch_log(request.user, kind=kind, person=person)
    if params.since:
        touches = touches.filter(date__gte=params.since)
    if params.until:
        touches = touches.filter(date__lte=params.until)
    page, cursor = paging.keyset(
        _with_follow_ups(touches),
        TOUCH_ORDER,
        "touches",
        params.cursor,
        params.limit,
        lambda touch: [touch.date, touch.pk],
    )
    today = timezone.localdate()
    return {"items": [_touch_out(t, today) for t in page], "next_cursor": cursor}


@router.post(
    "/touches",
    response={200: TouchOut, 201: TouchOut, 422: Problem},
    operation_id="log_touch",
)
def log_touch(request: HttpRequest, payload: TouchIn, response: HttpResponse) -> Any:
    """Log a touch with one or more people, and optionally a follow-up for each.
    201 with the new touch; 200 with the touch already logged when its
    ``client_id`` was logged before (a retry): nothing new is logged."""
    people = _people(request, payload.people, "people")
    kind = _kind(request, payload.kind_id, "kind_id")
    if payload.follow_up.strip():
        check_field("follow_up_due", validate_due_date, payload.follow_up_due)
    touch = services.log_touch(
        request.user,
        people,
        kind,
        date=payload.date,
        note=payload.note,
        follow_up=payload.follow_up,
        follow_up_due=payload.follow_up_due,
        client_id=payload.client_id or "",
    )
    body = _touch_answer(request, touch.pk, response)
    response["Location"] = f"/api/v1/touches/{touch.pk}"
    return Status(201 if touch.created else 200, body)


@router.get("/touches/{touch_id}", response={200: TouchOut, **NOT_FOUND}, operation_id="get_touch")
def get_touch(request: HttpRequest, touch_id: int, response: HttpResponse) -> TouchOut:
    """A touch with its people and follow-ups; the ETag to send back as ``If-Match``."""
    return _touch_answer(request, touch_id, response)


@router.patch(
    "/touches/{touch_id}", response={200: TouchOut, **CHANGE}, operation_id="update_touch"
)
def update_touch(
    request: HttpRequest, touch_id: int, payload: TouchPatch, response: HttpResponse
) -> TouchOut:
    """Change a touch's date, kind, note or people (those sent; ``people``
    replaces them all). Send ``If-Match`` with the ETag you read."""
    touch = _touch_of(request, touch_id)
    etags.check(request, _touch_tag(_touch_out(touch, timezone.localdate())))
    fields: dict[str, Any] = {}
    if payload.date is not None:
        fields["date"] = payload.date
    if payload.kind_id is not None:
        fields["kind"] = _kind(request, payload.kind_id, "kind_id")
    if payload.note is not None:
        fields["note"] = payload.note
    people = (
        _people(request, payload.people, "people")
        if payload.people is not None
        else list(Person.objects.filter(touches=touch))  # whole rows: the service reads owners
    )
    services.update_touch(request.user, touch, people, **fields)
    return _touch_answer(request, touch.pk, response)


@router.delete(
    "/touches/{touch_id}",
    response={204: None, 404: Problem, 412: Problem},
    operation_id="delete_touch",
)
def delete_touch(request: HttpRequest, touch_id: int) -> Any:
    """Delete a touch (its follow-ups stay, no longer tied to it)."""
    touch = _touch_of(request, touch_id)
    etags.check(request, _touch_tag(_touch_out(touch, timezone.localdate())))
    services.delete_touch(touch)
    return Status(204, None)


# Follow-ups ----------------------------------------------------------------

SOONEST_DUE: paging.Order = (("due", False), ("id", False))
FOLLOW_UP_ORDERS: dict[str, paging.Order] = {
    "done": (("done_at", True), ("id", True)),
    **dict.fromkeys(("open", "overdue", "due", "upcoming", "all"), SOONEST_DUE),
}
"""Each state's order, as ``touches.queries`` gives it (the soonest due first;
the last done first)."""


def _follow_ups(request: HttpRequest, state: str, today: dt.date) -> QuerySet[FollowUp]:
    if state == "open":
        return queries.open_follow_ups(request.user).select_related("person")
    if state == "all":
        return owned(FollowUp, request.user).select_related("person")
    return queries.follow_ups_in(request.user, state, today)


def _follow_up_of(request: HttpRequest, followup_id: int) -> FollowUp:
    rows = FollowUp.objects.select_related("person")
    return get_owned_or_404(rows, request.user, pk=followup_id)  # type: ignore[no-any-return]


def _follow_up_tag(body: FollowUpOut) -> str:
    """The ETag covers what changes; not the status, which moves with the day."""
    return etags.tag_of(body.model_dump(mode="json", exclude={"status"}))


def _follow_up_answer(
    request: HttpRequest, followup_id: int, response: HttpResponse
) -> FollowUpOut:
    body = FollowUpOut.of(_follow_up_of(request, followup_id), timezone.localdate())
    response["ETag"] = _follow_up_tag(body)
    return body


def _checked_follow_up(request: HttpRequest, followup_id: int) -> FollowUp:
    """The follow-up, once ``If-Match`` (if sent) names its current version."""
    follow_up = _follow_up_of(request, followup_id)
    etags.check(request, _follow_up_tag(FollowUpOut.of(follow_up, timezone.localdate())))
    return follow_up


@router.get(
    "/follow-ups", response={200: FollowUpPage, 422: Problem}, operation_id="list_follow_ups"
)
def list_follow_ups(request: HttpRequest, params: Query[FollowUpsQuery]) -> dict[str, Any]:
    """Follow-ups: the open ones by default, the soonest due first (done: the
    last done first)."""
    today = timezone.localdate()
    rows = _follow_ups(request, params.state, today)
    if params.person:
        rows = rows.filter(person=_people(request, [params.person], "person")[0])
    page, cursor = paging.keyset(
        rows,
        FOLLOW_UP_ORDERS[params.state],
        f"follow-ups:{params.state}",
        params.cursor,
        params.limit,
        lambda row: [row.done_at if params.state == "done" else row.due, row.pk],
    )
    return {"items": [FollowUpOut.of(f, today) for f in page], "next_cursor": cursor}


@router.post(
    "/follow-ups",
    response={201: FollowUpOut, 422: Problem},
    operation_id="create_follow_up",
)
def create_follow_up(request: HttpRequest, payload: FollowUpIn, response: HttpResponse) -> Any:
    """Add a follow-up: what you promised a person, and when it is due."""
    person = _people(request, [payload.person_id], "person_id")[0]
    follow_up = services.add_follow_up(request.user, person, payload.text, payload.due)
    response["Location"] = f"/api/v1/follow-ups/{follow_up.pk}"
    return Status(201, _follow_up_answer(request, follow_up.pk, response))


@router.get(
    "/follow-ups/{followup_id}",
    response={200: FollowUpOut, **NOT_FOUND},
    operation_id="get_follow_up",
)
def get_follow_up(request: HttpRequest, followup_id: int, response: HttpResponse) -> FollowUpOut:
    """A follow-up; the ETag to send back as ``If-Match``."""
    return _follow_up_answer(request, followup_id, response)


@router.patch(
    "/follow-ups/{followup_id}",
    response={200: FollowUpOut, **CHANGE},
    operation_id="update_follow_up",
)
def update_follow_up(
    request: HttpRequest, followup_id: int, payload: FollowUpPatch, response: HttpResponse
) -> FollowUpOut:
    """Change whom a follow-up is for, what it says or when it is due (those sent)."""
    follow_up = _checked_follow_up(request, followup_id)
    person = (
        _people(request, [payload.person_id], "person_id")[0]
        if payload.person_id is not None
        else follow_up.person
    )
    services.update_follow_up(
        follow_up,
        person,
        payload.text if payload.text is not None else follow_up.text,
        payload.due if payload.due is not None else follow_up.due,
    )
    return _follow_up_answer(request, follow_up.pk, response)


@router.delete(
    "/follow-ups/{followup_id}",
    response={204: None, 404: Problem, 412: Problem},
    operation_id="delete_follow_up",
)
def delete_follow_up(request: HttpRequest, followup_id: int) -> Any:
    """Delete a follow-up."""
    services.delete_follow_up(_checked_follow_up(request, followup_id))
    return Status(204, None)


def _done(request: HttpRequest, followup_id: int, response: HttpResponse, done: bool) -> Any:
    follow_up = _checked_follow_up(request, followup_id)
    services.complete_follow_up(follow_up, done=done)
    return _follow_up_answer(request, follow_up.pk, response)


@router.post(
    "/follow-ups/{followup_id}/done",
    response={200: FollowUpOut, **CHANGE},
    operation_id="complete_follow_up",
)
def complete_follow_up(request: HttpRequest, followup_id: int, response: HttpResponse) -> Any:
    """Tick a follow-up off (done now)."""
    return _done(request, followup_id, response, True)


@router.post(
    "/follow-ups/{followup_id}/reopen",
    response={200: FollowUpOut, **CHANGE},
    operation_id="reopen_follow_up",
)
def reopen_follow_up(request: HttpRequest, followup_id: int, response: HttpResponse) -> Any:
    """Open a follow-up done by mistake again."""
    return _done(request, followup_id, response, False)


# Touch kinds, circles, tags ---------------------------------------------------


@router.get("/kinds", response=KindPage, operation_id="list_kinds")
def list_kinds(request: HttpRequest, params: Query[ListQuery]) -> dict[str, Any]:
    """The owner's touch kinds, in their order (Settings → Touch kinds)."""
    order = (("position", False), ("label", False), ("id", False))
    page, cursor = paging.keyset(
        owned(TouchKind, request.user),
        order,
        "kinds",
        params.cursor,
        params.limit,
        lambda kind: [kind.position, kind.label, kind.pk],
    )
    items = [
        KindOut(
            id=kind.pk,
            label=kind.label,
            minutes=kind.minutes,
            channel=kind.channel,
            needs=kind.needs,
            warmth_weight=float(kind.warmth_weight),
            batchable=kind.batchable,
            setup_minutes=kind.setup_minutes,
            occasion=kind.occasion,
            position=kind.position,
        )
        for kind in page
    ]
    return {"items": items, "next_cursor": cursor}


@router.get("/circles", response=CirclePage, operation_id="list_circles")
def list_circles(request: HttpRequest, params: Query[ListQuery]) -> dict[str, Any]:
    """The owner's circles, in their order, with how many people each holds."""
    order = (("position", False), ("name", False), ("id", False))
    page, cursor = paging.keyset(
        circles_with_counts(request.user),
        order,
        "circles",
        params.cursor,
        params.limit,
        lambda circle: [circle.position, circle.name, circle.pk],
    )
    items = [
        CircleOut(
            id=circle.pk,
            name=circle.name,
            touches_per_year=circle.touches_per_year,
            position=circle.position,
            is_default=circle.is_default,
            people_count=circle.people_count,
        )
        for circle in page
    ]
    return {"items": items, "next_cursor": cursor}


@router.get("/tags", response=TagPage, operation_id="list_tags")
def list_tags(request: HttpRequest, params: Query[ListQuery]) -> dict[str, Any]:
    """The owner's tags by name, with how many people carry each."""
    page, cursor = paging.keyset(
        tags_with_counts(request.user),
        (("name", False), ("id", False)),
        "tags",
        params.cursor,
        params.limit,
        lambda tag: [tag.name, tag.pk],
    )
    items = [TagOut(id=tag.pk, name=tag.name, people_count=tag.people_count) for tag in page]
    return {"items": items, "next_cursor": cursor}
