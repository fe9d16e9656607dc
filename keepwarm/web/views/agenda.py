"""This week's agenda (shown on the home page) and its actions — Done, Skip,
Swap, Snooze — and the plan page: the year ahead.

Each action answers an htmx request with the agenda again, updated in place,
with the home page's panels it changed out of band (``home_panels``), and a
plain form post with a redirect to the home page and a message."""

from __future__ import annotations

import datetime as dt
import functools
import urllib.parse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from keepwarm.contacts.models import Person
from keepwarm.imports.sorting import waiting_count
from keepwarm.lib.words import long_date, names_sentence
from keepwarm.owned import owned
from keepwarm.planner import model
from keepwarm.plans import services
from keepwarm.plans.agenda import week_agenda, year_ahead
from keepwarm.web import paging
from keepwarm.web.charts import week_chart
from keepwarm.web.forms.agenda import SNOOZE_PRESETS, ItemForm, PlanSortForm, SnoozeForm, SwapForm
from keepwarm.web.views import home_panels
from keepwarm.web.views.common import first_error

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

ANSWER_TEMPLATE = "web/agenda/_answer.html"
"""The agenda again, and on the home page the panels an action changed."""
GONE = "That item is no longer in your plan: it was done, skipped or moved."
PLAN_PAGE_SIZE = 50
AGENDA_SHOWN = 40
"""Items the home page's week shows before "Show the other N" (today's are always all shown)."""


def _shows_all(request: HttpRequest) -> bool:
    """``?all=1`` on the home page (or on the page an htmx action came from)."""
    htmx = getattr(request, "htmx", None)
    page = htmx.current_url if htmx and htmx.current_url else request.get_full_path()
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page).query).get("all") == ["1"]


_ACTION_NAMES = {
    "done": "agenda_done",
    "skip": "agenda_skip",
    "swap": "agenda_swap",
    "snooze": "agenda_snooze",
    "greet": "greeting_send",
}


@functools.cache
def _actions(prefix: str) -> dict[str, str]:
    """The addresses every agenda item posts to, under this script prefix:
    reversed once, not ten times an item (a sixth of a long week's page)."""
    return {key: reverse(name) for key, name in _ACTION_NAMES.items()}


def agenda_context(request: HttpRequest, today: dt.date | None = None) -> dict[str, Any]:
    """What the agenda template needs; the home page adds it to its own context.
    A week of more than ``AGENDA_SHOWN`` items shows today's and then the first
    of the later ones, with a link to all of them."""
    day = today or timezone.localdate()
    limit = None if _shows_all(request) else AGENDA_SHOWN
    return {
        "agenda": week_agenda(request.user, day, limit),
        "snooze_presets": SNOOZE_PRESETS,
        "tomorrow": day + dt.timedelta(days=1),
        "actions": _actions(get_script_prefix()),
    }


def _is_fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _respond(request: HttpRequest, level: int, text: str) -> HttpResponse:
    if not _is_fragment(request):
        messages.add_message(request, level, text)
        return redirect(f"{reverse('home')}#agenda")
    context = {
        **agenda_context(request),
        "notice": text,
        "notice_level": messages.DEFAULT_TAGS[level],
    }
    if home_panels.from_home(request):
        # The counts, recent touches and who has gone quiet change too: out of band.
        context.update(home_panels.after_agenda(request.user, timezone.localdate()), home=True)
    response = render(request, ANSWER_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _act(request: HttpRequest, form: Form, action: Callable[[dict[str, Any]], str]) -> HttpResponse:
    if not form.is_valid():
        return _respond(request, messages.ERROR, first_error(form))
    try:
        text = action(form.cleaned_data)
    except (services.ItemGone, Http404):
        return _respond(request, messages.ERROR, GONE)
    except ValidationError as exc:
        return _respond(request, messages.ERROR, " ".join(exc.messages))
    return _respond(request, messages.SUCCESS, text)


def _item(user: User, item_id: str, today: dt.date) -> tuple[model.Item, str]:
    """The item in ``user``'s own plan (else ItemGone) and its people's names."""
    item, names = services.find_named(user, item_id, today)
    return item, names_sentence(names)


@login_required
@require_POST
def agenda_done(request: HttpRequest) -> HttpResponse:
    def done(data: dict[str, Any]) -> str:
        today = timezone.localdate()
        item, names = _item(request.user, data["item"], today)
        touch = services.mark_done(request.user, item.id, today)
        return f"Logged {touch.kind.label} with {names} today."

    return _act(request, ItemForm(request.POST), done)


@login_required
@require_POST
def agenda_skip(request: HttpRequest) -> HttpResponse:
    def skip(data: dict[str, Any]) -> str:
        today = timezone.localdate()
        item, names = _item(request.user, data["item"], today)
        services.skip(request.user, item.id, today)
        return f"Skipped {item.kind} with {names}. {services.after_skip(item)}"

    return _act(request, ItemForm(request.POST), skip)


@login_required
@require_POST
def agenda_swap(request: HttpRequest) -> HttpResponse:
    def swap(data: dict[str, Any]) -> str:
        today = timezone.localdate()
        item, names = _item(request.user, data["item"], today)
        kinds = services.current(request.user, today, stale_ok=True).kinds
        services.swap(request.user, item.id, data["kind"], today)
        label = kinds[data["kind"]].label if data["kind"] in kinds else "Another kind"
        return f"{label[:1].upper()}{label[1:]} with {names} instead of {item.kind}."

    return _act(request, SwapForm(request.POST), swap)


@login_required
@require_POST
def agenda_snooze(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()

    def snooze(data: dict[str, Any]) -> str:
        _, names = services.snooze_item(request.user, data["item"], data["until"], today)
        until = long_date(data["until"])
        return (
            f"Snoozed {names_sentence(names)} until {until}: "
            "nothing is planned for them before then."
        )

    return _act(request, SnoozeForm(request.POST, today=today), snooze)


@login_required
@require_GET
def plan_page(request: HttpRequest) -> HttpResponse:
    """The next 52 weeks: minutes per week against the budget, and per person
    the touches planned against their circle's target."""
    form = PlanSortForm(request.GET or None)
    sort = form.value("sort", "circle")
    today = timezone.localdate()
    year = year_ahead(request.user, today, sort)
    page = paging.page_of(request, year.rows, PLAN_PAGE_SIZE)
    ids = [row.person.id for row in page.object_list]
    found = owned(Person, request.user).select_related("circle").filter(pk__in=ids)
    people = {person.pk: person for person in found}
    context = {
        "form": form,
        "sort": sort,
        "year": year,
        "chart": week_chart(year.weeks),
        "page": page,
        "rows": [(row, people[r]) for row in page.object_list if (r := row.person.id) in people],
        "today": today,
        "budget": request.user.profile.weekly_budget_minutes,
        "waiting": waiting_count(request.user),
    }
    return render(request, "web/agenda/plan.html", context)
