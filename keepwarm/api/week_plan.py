"""The API's routes for the agenda (this week's items and what to do with
them: done, skip, swap, snooze), the plan (52 weeks) and warmth.

Everything is read from the same cached plan as the home page, the plan page
and ``keepwarm week`` (``plans.agenda``), and every action goes through the
agenda's services (``plans.services``), so an item id one door shows is the id
the others accept."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict, Field

from keepwarm.api import paging
from keepwarm.api.people import person_of
from keepwarm.api.problems import ApiError, Problem
from keepwarm.api.shapes import Body, Id, IsoDate, Text
from keepwarm.contacts.models import Person
from keepwarm.owned import owned
from keepwarm.planner import model
from keepwarm.planner.warmth import label
from keepwarm.plans import agenda, health, services
from keepwarm.touches.queries import in_network

router = Router(tags=["week plan"])

T = TypeVar("T")
NOT_FOUND = {404: Problem}
ACTION = {404: Problem, 422: Problem}


# Shapes --------------------------------------------------------------------------


class Shape(BaseModel):
    """An answer's shape: plain pydantic, checked in its compiled core (a ninja
    ``Schema`` reads every value of every object through Python: a year's plan
    of 10,000 people took a second), each field documented by its docstring."""

    model_config = ConfigDict(use_attribute_docstrings=True)


class ItemPerson(Shape):
    id: int
    display_name: str


class ItemKind(Shape):
    id: int
    label: str


class AgendaItem(Shape):
    """One item of the agenda, by the planner's id (``birthday-4-2026``)."""

    id: str
    date: dt.date
    kind_id: int
    kind: str
    """The kind's label: "birthday greeting"."""
    minutes: int
    people: list[ItemPerson]
    reason: str
    occasion: str
    """What it answers: "birthday", "condolence", "holiday"…; "" for a routine touch."""
    opens: dt.date | None
    """The first day it may be done (a greeting can be written ahead)."""
    swaps: list[ItemKind]
    """The other kinds it may be done as (``swap``)."""
    done_elsewhere: str
    """Why Done does not apply (a party is planned or ticked off on its gathering);
    "" when it does."""


class AgendaOut(Shape):
    today: dt.date
    week_start: dt.date
    week_end: dt.date
    budget_minutes: int
    """The week's budget."""
    planned_minutes: int
    """Minutes of the items still planned this week."""
    spent_minutes: int
    """Minutes of the touches already logged this week."""
    beyond_minutes: int
    """Minutes the week's occasions take beyond its budget (0 when it holds)."""
    beyond_text: str
    """The occasions kept beyond it, in words ("2 birthday greetings"); "" when none."""
    empty_reason: str
    """Why nothing is planned this week: "nobody", "no_budget", "spent", "done",
    "quiet"; "" when something is."""
    next_day: dt.date | None
    """The day of the first item after this week."""
    refreshing: bool
    """The plan from before the latest change, while the new one is being made."""
    items: list[AgendaItem]
    """This week's items, by day."""
    coming_up: list[AgendaItem]
    """Next week's items that may already be done."""


class DoneIn(Body):
    note: Text = Field(default="", max_length=5000, description="What you talked about.")


class DoneTouch(Shape):
    """The touch logged for a done item."""

    id: int
    date: dt.date
    kind_id: int
    kind: str
    people: list[ItemPerson]
    note: str


class SkipOut(Shape):
    item: AgendaItem
    then: str
    """What skipping does to the plan: "The plan makes room for it another time."…"""


class SwapIn(Body):
    kind_id: Id = Field(description="One of the item's ``swaps``.")


class SwapOut(Shape):
    item: AgendaItem
    """The item as it was."""
    kind: ItemKind
    """The kind it is done as from now on."""


class SnoozeIn(Body):
    until: IsoDate = Field(
        description="The first day things may be planned again (within 5 years)."
    )


class SnoozeOut(Shape):
    item: AgendaItem
    until: dt.date
    people: list[ItemPerson]
    """The people snoozed: all of the item's."""


class PlanItem(Shape):
    id: str
    date: dt.date
    kind_id: int
    kind: str
    minutes: int
    people: list[ItemPerson]
    reason: str
    occasion: str


class PlanWeek(Shape):
    start: dt.date
    end: dt.date
    budget_minutes: int
    planned_minutes: int
    spent_minutes: int
    beyond_minutes: int
    items: list[PlanItem]


class PlanOut(Shape):
    today: dt.date
    weekly_budget_minutes: int
    year_touches: int
    """Touches planned in the 52 weeks."""
    year_minutes: int
    year_budget_minutes: int
    coverage_percent: int
    """A year of budget over what every target costs at the cheapest kinds."""
    people: int
    """People planned for."""
    people_on_target: int
    refreshing: bool
    weeks: list[PlanWeek]
    """From this week, as many as asked."""


class PlanQuery(Schema):
    weeks: int = Field(default=52, ge=1, le=52, description="How many weeks from this one.")
    items: bool = Field(default=True, description="false: each week's figures without its items.")


class WarmthRow(Shape):
    person_id: int
    warmth: int | None
    """0-100, the planner's; None for someone in a circle without a yearly target."""
    word: str
    """"warm", "cooling" or "cold"; "" without a warmth."""


class WarmthPage(Shape):
    items: list[WarmthRow]
    next_cursor: str | None


class WarmthQuery(Schema):
    ids: list[Id] = Field(
        default=[], max_length=paging.MAX_LIMIT, description="Only these people (repeat ids=)."
    )
    cursor: Text | None = Field(default=None, max_length=1000)
    limit: int = Field(default=paging.DEFAULT_LIMIT, ge=1, le=paging.MAX_LIMIT)


class WarmthPoint(Shape):
    week: dt.date
    warmth: int


class PersonWarmthOut(Shape):
    person_id: int
    warmth: int | None
    """None for someone the planner does not keep warm (died, archived, no target)."""
    word: str
    year_ago: int | None
    series: list[WarmthPoint]
    """Weekly, two years back to today (the last point)."""
    planned: int | None
    """Touches planned for them in the next 52 weeks."""
    target: int | None
    """Their circle's touches a year."""
    upcoming: list[PlanItem]
    """Their next few items."""


# Helpers -------------------------------------------------------------------------


@contextmanager
def _in_plan() -> Iterator[None]:
    """An item that is not in the owner's plan (done, skipped, moved, someone
    else's, never was) is a 404."""
    try:
        yield
    except services.ItemGone as gone:
        raise ApiError(404, " ".join(gone.messages)) from None


def _on_field(name: str, act: Callable[[], T]) -> T:
    """``act()``, a refusal that names no field put on ``name``."""
    try:
        return act()
    except ValidationError as refused:
        if hasattr(refused, "error_dict") or isinstance(refused, services.ItemGone):
            raise
        raise ValidationError({name: refused.messages}) from None


def _agenda_item(entry: agenda.Entry) -> AgendaItem:
    item = entry.item
    return AgendaItem(
        id=item.id,
        date=item.date,
        kind_id=item.kind_id,
        kind=item.kind,
        minutes=item.minutes,
        people=[ItemPerson(id=p.pk, display_name=p.display_name) for p in entry.people],
        reason=item.reason,
        occasion=item.occasion,
        opens=item.opens,
        swaps=[ItemKind(id=kid, label=text) for kid, text in entry.swaps],
        done_elsewhere=services.done_elsewhere(item),
    )


def _plan_item(names: Mapping[int, str], item: model.Item) -> dict[str, Any]:
    """An item of the plan (``PlanItem``) as JSON values."""
    return {
        "id": item.id,
        "date": item.date.isoformat(),
        "kind_id": item.kind_id,
        "kind": item.kind,
        "minutes": item.minutes,
        "people": [{"id": pid, "display_name": names[pid]} for pid in item.people if pid in names],
        "reason": item.reason,
        "occasion": item.occasion,
    }


def _entry(request: HttpRequest, item_id: str, today: dt.date) -> agenda.Entry:
    with _in_plan():
        return agenda.entry_of(request.user, item_id, today)


def _links(status: int, links: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """OpenAPI links from an answer to the operations that take what it holds."""
    return {
        "responses": {
            status: {
                "links": {
                    name: {"operationId": operation, **how}
                    for name, (operation, how) in links.items()
                }
            }
        }
    }


FIRST_ITEM = {"item_id": "$response.body#/items/0/id"}
AGENDA_LINKS = _links(
    200,
    {
        "MarkItemDone": ("mark_item_done", {"parameters": FIRST_ITEM}),
        "SkipItem": ("skip_item", {"parameters": FIRST_ITEM}),
        "SwapItem": (
            "swap_item",
            {
                "parameters": FIRST_ITEM,
                "requestBody": {"kind_id": "$response.body#/items/0/swaps/0/id"},
            },
        ),
        "SnoozeItem": ("snooze_item", {"parameters": FIRST_ITEM}),
        "GetPersonWarmth": (
            "get_person_warmth",
            {"parameters": {"person_id": "$response.body#/items/0/people/0/id"}},
        ),
    },
)


# The agenda ----------------------------------------------------------------------


@router.get("/agenda", response=AgendaOut, operation_id="get_agenda", openapi_extra=AGENDA_LINKS)
def get_agenda(request: HttpRequest) -> AgendaOut:
    """This week's agenda as the home page shows it: the items by day, the
    week's budget and the minutes planned and spent, and next week's items that
    may already be done."""
    today = timezone.localdate()
    week = agenda.week_agenda(request.user, today)
    return AgendaOut(
        today=today,
        week_start=week.week.start,
        week_end=week.week.end,
        budget_minutes=week.budget,
        planned_minutes=week.planned,
        spent_minutes=week.spent,
        beyond_minutes=week.beyond,
        beyond_text=week.beyond_text if week.beyond else "",
        empty_reason=week.empty_reason,
        next_day=week.next_day,
        refreshing=week.refreshing,
        items=[_agenda_item(entry) for day in week.days for entry in day.entries],
        coming_up=[_agenda_item(entry) for entry in week.coming_up],
    )


@router.post(
    "/agenda/{item_id}/done",
    response={201: DoneTouch, **ACTION},
    operation_id="mark_item_done",
    openapi_extra=_links(
        201,
        {
            "GetPersonWarmth": (
                "get_person_warmth",
                {"parameters": {"person_id": "$response.body#/people/0/id"}},
            )
        },
    ),
)
def mark_item_done(
    request: HttpRequest, item_id: Text, response: HttpResponse, payload: DoneIn | None = None
) -> Any:
    """Log the item's touch with its people, today; the item leaves the agenda.
    A party is not marked done here (422: see ``done_elsewhere``)."""
    today = timezone.localdate()
    note = payload.note if payload is not None else ""
    with _in_plan():
        touch = services.mark_done(request.user, item_id, today, note=note)
    people = touch.people.order_by("sort_name", "id")
    response["Location"] = f"/api/v1/touches/{touch.pk}"
    return Status(
        201,
        DoneTouch(
            id=touch.pk,
            date=touch.date,
            kind_id=touch.kind_id,
            kind=touch.kind.label,
            people=[ItemPerson(id=p.pk, display_name=p.display_name) for p in people],
            note=touch.note,
        ),
    )


@router.post("/agenda/{item_id}/skip", response={200: SkipOut, **ACTION}, operation_id="skip_item")
def skip_item(request: HttpRequest, item_id: Text) -> SkipOut:
    """Skip the item: it is not suggested again (a routine touch comes back
    later; ``then`` says which)."""
    today = timezone.localdate()
    entry = _entry(request, item_id, today)
    with _in_plan():
        skipped = services.skip(request.user, entry.item.id, today)
    return SkipOut(item=_agenda_item(entry), then=services.after_skip(skipped))


@router.post("/agenda/{item_id}/swap", response={200: SwapOut, **ACTION}, operation_id="swap_item")
def swap_item(request: HttpRequest, item_id: Text, payload: SwapIn) -> SwapOut:
    """Do the item as another kind, one of its ``swaps``."""
    today = timezone.localdate()
    entry = _entry(request, item_id, today)
    with _in_plan():
        _on_field(
            "kind_id",
            lambda: services.swap(request.user, entry.item.id, payload.kind_id, today),
        )
    kinds = dict(entry.swaps)
    return SwapOut(
        item=_agenda_item(entry), kind=ItemKind(id=payload.kind_id, label=kinds[payload.kind_id])
    )


@router.post(
    "/agenda/{item_id}/snooze", response={200: SnoozeOut, **ACTION}, operation_id="snooze_item"
)
def snooze_item(request: HttpRequest, item_id: Text, payload: SnoozeIn) -> SnoozeOut:
    """Plan nothing for the item's people until a day (as the agenda's Snooze):
    the item and their other items leave the plan until then."""
    today = timezone.localdate()
    entry = _entry(request, item_id, today)
    with _in_plan():
        services.snooze_item(request.user, entry.item.id, payload.until, today)
    return SnoozeOut(
        item=_agenda_item(entry),
        until=payload.until,
        people=[ItemPerson(id=p.pk, display_name=p.display_name) for p in entry.people],
    )


# The plan ------------------------------------------------------------------------


@router.get("/plan", response={200: PlanOut, 422: Problem}, operation_id="get_plan")
def get_plan(request: HttpRequest, params: Query[PlanQuery]) -> HttpResponse:
    """The plan from this week, as the plan page shows it: each week's budget,
    the minutes planned and spent, and its items (``items=false``: the figures
    only); the year's totals. A year of a large network is long (10,000 people:
    some 10,000 items, 2 MB): ask for fewer weeks, or no items."""
    today = timezone.localdate()
    year = agenda.year_ahead(request.user, today, sort=None)
    shown = year.weeks[: params.weeks]
    wanted = {pid for week in shown for item in week.items for pid in item.people}
    names = {pid: year.who[pid].name for pid in wanted if pid in year.who}
    answer = {
        "today": today.isoformat(),
        "weekly_budget_minutes": request.user.profile.weekly_budget_minutes,
        "year_touches": year.touches,
        "year_minutes": year.minutes,
        "year_budget_minutes": year.budget,
        "coverage_percent": year.coverage_percent,
        "people": year.people,
        "people_on_target": year.on_target,
        "refreshing": year.refreshing,
        "weeks": [_plan_week(names, week, params.items) for week in shown],
    }
    # Written here, not by ninja: a year of 10,000 people's items is 30,000
    # objects, and checking each against its schema took longer than the rest.
    return HttpResponse(json.dumps(answer), content_type="application/json")


def _plan_week(names: Mapping[int, str], week: model.Week, items: bool) -> dict[str, Any]:
    """A week of the plan (``PlanWeek``) as JSON values."""
    return {
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "budget_minutes": week.budget_minutes,
        "planned_minutes": week.planned_minutes,
        "spent_minutes": week.spent_minutes,
        "beyond_minutes": week.beyond_minutes,
        "items": [_plan_item(names, item) for item in week.items] if items else [],
    }


# Warmth --------------------------------------------------------------------------

BY_ID: paging.Order = (("id", False),)


@router.get(
    "/warmth",
    response={200: WarmthPage, 400: Problem, 422: Problem},
    operation_id="list_warmth",
    openapi_extra=_links(
        200,
        {
            "GetPersonWarmth": (
                "get_person_warmth",
                {"parameters": {"person_id": "$response.body#/items/0/person_id"}},
            )
        },
    ),
)
def list_warmth(request: HttpRequest, params: Query[WarmthQuery]) -> dict[str, Any]:
    """The warmth of the people in the network (active, in a circle), by id, a page
    at a time; with ``ids``, of those of them only."""
    rows = in_network(request.user)
    if params.ids:
        rows = rows.filter(pk__in=params.ids)
    page, cursor = paging.keyset(
        rows.only("id"), BY_ID, "id", params.cursor, params.limit, lambda p: [p.pk]
    )
    ids = [person.pk for person in page]
    warmth = agenda.warmth_of(request.user, ids) if ids else {}
    items = [
        WarmthRow(
            person_id=pid,
            warmth=warmth.get(pid),
            word=label(warmth[pid]) if pid in warmth else "",
        )
        for pid in ids
    ]
    return {"items": items, "next_cursor": cursor}


@router.get(
    "/people/{person_id}/warmth",
    response={200: PersonWarmthOut, **NOT_FOUND},
    operation_id="get_person_warmth",
)
def get_person_warmth(request: HttpRequest, person_id: int) -> PersonWarmthOut:
    """A person's warmth as their page shows it: today's, every week of the last
    two years, and what the plan holds for them."""
    person = person_of(request, person_id)
    today = timezone.localdate()
    now = health.person_warmth(request.user, person, today)
    outlook = agenda.outlook(request.user, person.pk, today)
    upcoming = outlook.upcoming if outlook else []
    wanted = {pid for item in upcoming for pid in item.people}
    names = dict(
        owned(Person, request.user).filter(pk__in=wanted).values_list("pk", "display_name")
    )
    return PersonWarmthOut(
        person_id=person.pk,
        warmth=now.value if now else None,
        word=now.label if now else "",
        year_ago=now.year_ago if now else None,
        series=[WarmthPoint(week=day, warmth=value) for day, value in now.series] if now else [],
        planned=outlook.planned if outlook else None,
        target=outlook.target if outlook else None,
        upcoming=[PlanItem.model_validate(_plan_item(names, item)) for item in upcoming],
    )
