"""The people list, a person's page, the one-click touch log and the person's photo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from keepwarm.contacts import queries
from keepwarm.contacts.models import Person
from keepwarm.contacts.photos import content_type
from keepwarm.owned import get_owned_or_404
from keepwarm.planner.warmth import COLD_BELOW, WARM_FROM
from keepwarm.plans import agenda, health
from keepwarm.plans.agenda import warmth_of
from keepwarm.touches import person_page
from keepwarm.touches.services import log_touch
from keepwarm.web import charts, paging
from keepwarm.web.forms.people import (
    PeopleFilterForm,
    QuickLogForm,
    SuggestForm,
    TimelineForm,
)
from keepwarm.web.views.duplicates import person_notices

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

PAGE_SIZE = 50


def _is_fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


@login_required
@require_GET
def people_list(request: HttpRequest) -> HttpResponse:
    if request.GET.get("format") == "options":
        return _options(request)
    circles, tags = queries.filter_options(request.user)
    form = PeopleFilterForm(request.GET or None, circles=circles, tags=tags)
    wanted = form.wanted()
    everyone: dict[int, int] = {}

    def warmth() -> dict[int, int]:
        everyone.update(health.warmth_by_id(request.user))
        return everyone

    people = queries.people_list(request.user, wanted, warmth)
    page = paging.page_of(request, people, PAGE_SIZE)
    ids = [who.pk for who in page.object_list]
    context = {
        "form": form,
        "wanted": wanted,
        "page": page,
        "anyone": page.paginator.count > 0 or queries.has_people(request.user),
        "today": timezone.localdate(),
        "warmth": {pk: everyone[pk] for pk in ids if pk in everyone}
        if everyone
        else warmth_of(request.user, ids),
    }
    template = "web/people/_results.html" if _is_fragment(request) else "web/people/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _options(request: HttpRequest) -> HttpResponse:
    """``<option>``s of people matching ``q``, for the relationship picker's datalist."""
    form = SuggestForm(request.GET)
    found = queries.suggestions(request.user, form.text(), exclude=form.excluded())
    return render(request, "web/people/_options.html", {"people": found})


def _person(request: HttpRequest, pk: int) -> Person:
    return get_owned_or_404(Person.objects.select_related("circle"), request.user, pk=pk)


def _home_city(request: HttpRequest) -> str:
    profile = getattr(request.user, "profile", None)
    return getattr(profile, "home_city", "") or ""


def _warmth_context(user: User, person: Person, today: Any) -> dict[str, Any]:
    """The person's warmth today and a sparkline of the last two years (one query)."""
    found = health.person_warmth(user, person, today)
    if found is None:
        return {"warmth_now": None}
    values = [value for _, value in found.series]
    return {"warmth_now": found, "sparkline": charts.sparkline(values, WARM_FROM, COLD_BELOW)}


def _panels(user: User, person: Person, today: Any) -> dict[str, Any]:
    """The side panels a touch changes: warmth and what is planned."""
    return {
        "today": today,
        "outlook": agenda.outlook(user, person.pk, today),
        **_warmth_context(user, person, today),
    }


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)  # first: another user's person is a 404 for any method
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    form = TimelineForm(request.GET)
    year = form.year_wanted()
    timeline = person_page.timeline_of(
        request.user, person, year=year, whole_year=form.whole_year()
    )
    if year is not None and _is_fragment(request):
        return _timeline_year(request, person, timeline, year, form.whole_year())
    today = timezone.localdate()
    context = {
        "person": person,
        "page": person_page.person_page(
            request.user, person, today=today, home_city=_home_city(request)
        ),
        "timeline": timeline,
        **_panels(request.user, person, today),
        **person_notices(request.user, person),
    }
    response = render(request, "web/people/detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _timeline_year(
    request: HttpRequest, person: Person, timeline: person_page.Timeline, year: int, whole: bool
) -> HttpResponse:
    """One year's touches, for a collapsed year opened or "Show the other N" (htmx)."""
    found = next((y for y in timeline.years if y.year == year), None)
    context = {
        "person": person,
        "year": found,
        "wanted_year": year,
        "focus_from": person_page.YEAR_SHOWN if whole else None,
    }
    response = render(request, "web/people/_timeline_year.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_quick_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a touch of one kind with this person, dated today: one click on their page."""
    person = _person(request, pk)
    back = reverse("person", args=[person.pk])
    if request.method == "GET":
        return redirect(f"{back}#log")
    kinds = person_page.loggable_kinds(request.user, person, _home_city(request))
    form = QuickLogForm(request.POST, kinds=kinds)
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        touch = log_touch(request.user, [person], kind)
        person.refresh_from_db(fields=["last_touch_on"])
        text = f"Logged {kind.label} with {person.display_name} today."
        level, logged = messages.SUCCESS, touch
    else:
        text = " ".join(form.errors["kind"])
        level, logged = messages.ERROR, None
    if not _is_fragment(request):
        messages.add_message(request, level, text)
        return redirect(f"{back}#timeline")
    # The timeline, the message, and out of band every panel the touch changed.
    context = {
        "person": person,
        "message": text,
        "logged": logged,
        "timeline": person_page.timeline_of(request.user, person),
        **_panels(request.user, person, timezone.localdate()),
    }
    return render(request, "web/people/_logged.html", context)


@login_required
def person_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's photo, to its owner only, never cached by shared caches."""
    person = get_owned_or_404(Person, request.user, pk=pk)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not person.photo:
        raise Http404("No photo.")
    try:
        handle = person.photo.storage.open(person.photo.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("No photo.") from None
    response = FileResponse(handle, content_type=content_type(person.photo.name))
    patch_cache_control(response, private=True, max_age=86_400)
    return response
