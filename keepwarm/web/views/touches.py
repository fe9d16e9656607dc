"""The touch log: log, edit and delete touches, and the people type-ahead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import search_filter
from keepwarm.owned import get_owned_or_404, owned
from keepwarm.touches import queries
from keepwarm.touches.models import Touch
from keepwarm.touches.services import delete_touch, log_touch, update_touch
from keepwarm.web.forms.touches import (
    MAX_PEOPLE,
    TouchFilterForm,
    TouchForm,
    apply_errors,
    as_id,
)
from keepwarm.web.views.followups import safe_next

PAGE_SIZE = 50
SUGGESTIONS = 8


def _names(people: list[Person]) -> str:
    names = [p.display_name for p in people]
    if len(names) > 3:
        return f"{', '.join(names[:2])} and {len(names) - 2} others"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


@login_required
@require_GET
def touch_list(request: HttpRequest) -> HttpResponse:
    filter_form = TouchFilterForm(request.GET, user=request.user)
    filters = filter_form.filters()
    touches = queries.touch_log(request.user, **filters)
    page = Paginator(touches, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "next": request.get_full_path(),
    }
    return render(request, "web/touches/list.html", context)


def _log(request: HttpRequest, form: TouchForm) -> Touch | None:
    data = form.cleaned_data
    try:
        return log_touch(
            request.user,
            data["people"],
            data["kind"],
            date=data["date"],
            note=data["note"],
            follow_up=data["follow_up"],
            follow_up_due=data["follow_up_due"],
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def touch_new(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = TouchForm(data, user=request.user, preselect=request.GET.get("person"))
    if data is not None and form.is_valid() and (touch := _log(request, form)):
        people = form.cleaned_data["people"]
        messages.success(request, f"Logged {touch.kind} with {_names(people)}.")
        default = people[0].get_absolute_url() if len(people) == 1 else reverse("touches")
        return redirect(safe_next(request, default))
    return render(request, "web/touches/form.html", {"form": form, "next": safe_next(request, "")})


@login_required
@require_http_methods(["GET", "POST"])
def touch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    touch = get_owned_or_404(Touch.objects.select_related("kind"), request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = TouchForm(data, user=request.user, touch=touch)
    if data is not None and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("date", "kind", "note")}
        try:
            update_touch(touch, form.cleaned_data["people"], **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Saved the {touch.kind} on {touch.date:%d %b %Y}.")
            return redirect(safe_next(request, reverse("touches")))
    context = {"form": form, "touch": touch, "next": safe_next(request, "")}
    return render(request, "web/touches/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def touch_delete(request: HttpRequest, pk: int) -> HttpResponse:
    touch = get_owned_or_404(queries.people_with_touches(Touch.objects.all()), request.user, pk=pk)
    if request.method == "POST":
        delete_touch(touch)
        messages.success(request, f"Deleted the {touch.kind} on {touch.date:%d %b %Y}.")
        return redirect(safe_next(request, reverse("touches")))
    return render(
        request, "web/touches/delete.html", {"touch": touch, "next": safe_next(request, "")}
    )


@login_required
@require_GET
def people_suggest(request: HttpRequest) -> HttpResponse:
    """Up to eight people for the type-ahead: names starting with the text first."""
    text = request.GET.get("q", "").split(";")[-1].strip()[:100]
    exclude = [as_id(i) for i in request.GET.get("exclude", "").split(",")[:MAX_PEOPLE]]
    people: list[Person] = []
    if text:
        candidates = owned(Person, request.user).exclude(pk__in=[i for i in exclude if i])
        ordering = ("archived", "deceased", "display_name", "id")
        people = list(
            candidates.filter(display_name__istartswith=text).order_by(*ordering)[:SUGGESTIONS]
        )
        more = SUGGESTIONS - len(people)
        if more:
            others = candidates.filter(search_filter(text)).exclude(
                Q(pk__in=[p.pk for p in people])
            )
            people += list(others.order_by(*ordering)[:more])
    return render(request, "web/touches/_suggestions.html", {"people": people, "q": text})
