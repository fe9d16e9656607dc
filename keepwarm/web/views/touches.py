"""The touch log: log, edit and delete touches, and the people type-ahead."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import search_filter
from keepwarm.lib.words import names_sentence, short_date
from keepwarm.owned import get_owned_or_404, owned
from keepwarm.touches import queries
from keepwarm.touches.models import Touch
from keepwarm.touches.services import delete_touch, log_touch, update_touch
from keepwarm.web import paging
from keepwarm.web.forms.people import SuggestForm
from keepwarm.web.forms.touches import TouchFilterForm, TouchForm
from keepwarm.web.views.common import confirm_delete, form_page

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

PAGE_SIZE = 50
SUGGESTIONS = 8


@login_required
@require_GET
def touch_list(request: HttpRequest) -> HttpResponse:
    filter_form = TouchFilterForm(request.GET, user=request.user)
    filters = filter_form.filters()
    touches = queries.touch_log(request.user, **filters)
    page = paging.page_of(request, touches, PAGE_SIZE)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "next": request.get_full_path(),
    }
    return render(request, "web/touches/list.html", context)


def _log(user: User) -> Callable[[TouchForm], str]:
    def save(form: TouchForm) -> str:
        data = form.cleaned_data
        touch = log_touch(
            user,
            data["people"],
            data["kind"],
            date=data["date"],
            note=data["note"],
            follow_up=data["follow_up"],
            follow_up_due=data["follow_up_due"],
        )
        names = names_sentence([p.display_name for p in data["people"]])
        return f"Logged {touch.kind} with {names}."

    return save


def _logged_url(form: TouchForm) -> str:
    people = form.cleaned_data["people"]
    return people[0].get_absolute_url() if len(people) == 1 else reverse("touches")


@login_required
@require_http_methods(["GET", "POST"])
def touch_new(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = TouchForm(data, user=request.user, preselect=request.GET.get("person"))
    return form_page(request, form, "web/touches/form.html", _log(request.user), _logged_url)


@login_required
@require_http_methods(["GET", "POST"])
def touch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    touch = get_owned_or_404(Touch.objects.select_related("kind"), request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = TouchForm(data, user=request.user, touch=touch)

    def save(form: TouchForm) -> str:
        fields = {name: form.cleaned_data[name] for name in ("date", "kind", "note")}
        update_touch(request.user, touch, form.cleaned_data["people"], **fields)
        return f"Saved the {touch.kind} on {short_date(touch.date)}."

    return form_page(
        request,
        form,
        "web/touches/form.html",
        save,
        lambda form: reverse("touches"),
        {"touch": touch},
    )


@login_required
@require_http_methods(["GET", "POST"])
def touch_delete(request: HttpRequest, pk: int) -> HttpResponse:
    touch = get_owned_or_404(queries.people_with_touches(Touch.objects.all()), request.user, pk=pk)

    def delete() -> str:
        delete_touch(touch)
        return f"Deleted the {touch.kind} on {short_date(touch.date)}."

    return confirm_delete(
        request, "web/touches/delete.html", {"touch": touch}, delete, reverse("touches")
    )


@login_required
@require_GET
def people_suggest(request: HttpRequest) -> HttpResponse:
    """Up to eight people for the type-ahead: names starting with the text first."""
    form = SuggestForm(request.GET)
    text = form.text()
    people: list[Person] = []
    if text:
        candidates = owned(Person, request.user).exclude(pk__in=form.excluded())
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
