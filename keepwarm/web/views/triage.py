"""Sort the newcomers of imports into circles: one at a time or as a list, by
keyboard (triage.js) or plain forms, and the rest at once. Each sort can be
put back: the page keeps the last one in the session and offers Undo.

Every POST redirects to the page (htmx follows the redirect and swaps the
card in place, ``hx-select``); what it did, or what was wrong with it, is said
on the page itself, in the card, so a swap shows it too."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.imports import sorting
from keepwarm.imports.suggest import OUT
from keepwarm.lib.words import names_sentence, plural
from keepwarm.owned import owned
from keepwarm.web import paging
from keepwarm.web.forms.triage import (
    LATER,
    ROWS_PER_PAGE,
    PlaceForm,
    RestForm,
    RowsForm,
    TriageViewForm,
)
from keepwarm.web.views.common import first_error

UNDO = "triage_undo"
"""The session's last sort: the ids it moved and what it said (for Undo)."""
NOTE = "triage_note"
"""A problem with the last request, said once on the page."""
UNDO_RANGES = 2_000
"""A sort whose people's ids make more runs than this is not kept to undo (the
runs of an import's ids are few: its people were added one after another)."""


def _url(view: str = "one", **params: Any) -> str:
    query = {"view": "list"} if view == "list" else {}
    query.update({k: v for k, v in params.items() if v})
    return reverse("triage") + (f"?{urlencode(query)}" if query else "")


def _problem(request: HttpRequest, text: str, view: str, **params: Any) -> HttpResponse:
    """Back to the page (``view``, ``params`` as ``_url`` takes them), which says
    ``text`` once: what was wrong with the request."""
    request.session[NOTE] = text
    return redirect(_url(view, **params))


def runs(ids: list[int]) -> list[list[int]]:
    """Ids as runs of consecutive ones, ``[first, last]`` each: small in a session."""
    found: list[list[int]] = []
    for pk in sorted(set(ids)):
        if found and found[-1][1] == pk - 1:
            found[-1][1] = pk
        else:
            found.append([pk, pk])
    return found


def ids_of(kept: Any) -> list[int]:
    """The ids of ``runs`` as the session kept them; [] for anything else."""
    if not isinstance(kept, list) or len(kept) > UNDO_RANGES:
        return []
    ids: list[int] = []
    for run in kept:
        ok = isinstance(run, list) and len(run) == 2 and all(type(n) is int for n in run)
        if not ok or run[0] > run[1] or len(ids) + run[1] - run[0] > 1_000_000:
            return []
        ids += range(run[0], run[1] + 1)
    return ids


def _done(request: HttpRequest, sorted_: sorting.Sorted, text: str) -> None:
    """Say what a sort did, and keep it to undo (unless its ids are too scattered)."""
    kept = runs(list(sorted_.ids))
    request.session[UNDO] = {
        "runs": kept if len(kept) <= UNDO_RANGES else [],
        "at": sorted_.at.isoformat() if sorted_.at else "",
        "text": text,
    }
    request.session.pop(NOTE, None)


def _keys(circles: list[Any]) -> list[tuple[str, Any]]:
    """The key that chooses each circle (1 to 9, by position), and ``0`` for out."""
    return [(str(i + 1) if i < 9 else "", c) for i, c in enumerate(circles)]


def _common(request: HttpRequest, view: str) -> dict[str, Any]:
    user = request.user
    circles = sorting.circles(user)
    upto = sorting.waiting(user).aggregate(top=Max("pk"))["top"]
    return {
        "view": view,
        "circles": _keys(circles),
        "out": OUT,
        "count": sorting.waiting_count(user),
        "upto": upto,
        "last": request.session.get(UNDO),
        "problem": request.session.pop(NOTE, None),
    }


@login_required
@require_http_methods(["GET", "POST"])
def triage_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _sort_one(request)
    form = TriageViewForm(request.GET or None)
    view = form.value("view", "one")
    context = _common(request, view)
    if view == "list":
        context.update(_list(request))
    else:
        context.update(_one(request, form.value("at", None)))
    return render(request, "web/triage/triage.html", context)


def _with_details(people: Any) -> Any:
    points = ContactPoint.objects.order_by("kind", "-preferred", "id")
    return people.select_related("circle").prefetch_related(
        Prefetch("contact_points", queryset=points), "tags", "relationships__other"
    )


def _one(request: HttpRequest, at: int | None) -> dict[str, Any]:
    user = request.user
    waiting = _with_details(sorting.waiting(user))
    person = waiting.filter(pk=at).first() if at else None
    if person is None:
        person = waiting.first()
    if person is None:
        return {"newcomer": None}
    newcomer = sorting.newcomers(user, [person], timezone.localdate())[0]
    before = sorting.neighbour(user, person, back=True)
    after = sorting.neighbour(user, person)
    points = list(person.contact_points.all())
    return {
        "newcomer": newcomer,
        "emails": [p for p in points if p.kind == "email"][:3],
        "phones": [p for p in points if p.kind == "phone"][:2],
        "relations": list(person.relationships.all())[:4],
        "tags": [t.name for t in person.tags.all()],
        "before": before if before and before.pk != person.pk else None,
        "after": after if after and after.pk != person.pk else None,
    }


def _list(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    page = paging.page_of(request, _with_details(sorting.waiting(user)), ROWS_PER_PAGE)
    rows = sorting.newcomers(user, list(page.object_list), timezone.localdate())
    return {
        "page": page,
        "rows": rows,
        "row_ids": ",".join(str(r.person.pk) for r in rows),
        "suggested": sum(1 for r in rows if r.suggestion is not None),
    }


def _posted_from(request: HttpRequest) -> str:
    """The view a form was posted from: the list, else one at a time."""
    return "list" if request.POST.get("view") == "list" else "one"


def _sort_one(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PlaceForm(request.POST, circles=sorting.circles(user))
    view = _posted_from(request)
    if not form.is_valid():
        return _problem(request, first_error(form), view)
    pk = form.cleaned_data["person"]
    person = owned(Person, user).filter(pk=pk).first()
    if person is None or not person.waiting:
        what = f"{person.display_name} is" if person else "They are"
        return _problem(request, f"{what} sorted already: nothing was changed.", view)
    place = sorting.place_named(user, form.cleaned_data["place"])
    done = sorting.sort(user, [person.pk], place)
    _done(request, done, f"{person.display_name}: {sorting.place_words(place)}.")
    after = sorting.neighbour(user, person)
    return redirect(_url(view, at=after.pk if after else None))


@login_required
@require_POST
def triage_rows(request: HttpRequest) -> HttpResponse:
    """A page of the list: each row's chosen place, or every suggestion."""
    user = request.user
    form = RowsForm(request.POST, circles=sorting.circles(user))
    if not form.is_valid():
        return _problem(request, first_error(form), "list")
    data = form.cleaned_data
    chosen: dict[int, str] = data["chosen"]
    if data.get("take") == "suggested":
        waiting = list(sorting.waiting(user).filter(pk__in=list(chosen)))
        for row in sorting.newcomers(user, waiting, timezone.localdate()):
            if chosen.get(row.person.pk) == LATER and row.suggestion is not None:
                chosen[row.person.pk] = str(row.suggestion.place)
    groups: dict[str, list[int]] = defaultdict(list)
    for pk, value in chosen.items():
        if value != LATER:
            groups[value].append(pk)
    if not groups:
        return _problem(
            request,
            "Choose a place for someone first (or press the keys 1, 2, 3 or 0).",
            "list",
            page=data.get("page"),
        )
    moved: list[int] = []
    said: Counter[str] = Counter()
    at = None
    for value, ids in groups.items():
        place = sorting.place_named(user, value)
        done = sorting.sort(user, ids, place)
        moved += done.ids
        at = done.at  # the last of the page's sorts: Undo keeps what changed after it
        said[sorting.place_words(place)] += done.count
    text = _sorted_text(len(moved), said)
    _done(request, sorting.Sorted(tuple(moved), OUT, at), text)
    return redirect(_url("list", page=data.get("page")))


def _sorted_text(count: int, said: Counter[str]) -> str:
    if not count:
        return "They were sorted already: nothing was changed."
    parts = [f"{n} {where}" for where, n in said.items() if n]
    return f"Sorted {plural(count, 'person', 'people')}: {names_sentence(parts, len(parts))}."


@login_required
@require_POST
def triage_rest(request: HttpRequest) -> HttpResponse:
    """Everyone still waiting (that the page counted) to one place."""
    user = request.user
    form = RestForm(request.POST, circles=sorting.circles(user))
    view = _posted_from(request)
    if not form.is_valid():
        return _problem(request, first_error(form), view)
    place = sorting.place_named(user, form.cleaned_data["place"])
    done = sorting.sort_rest(user, place, form.cleaned_data["upto"])
    if not done.count:
        return _problem(request, "Nobody was waiting any more: nothing was changed.", view)
    who = "person" if done.count == 1 else "people"
    _done(
        request, done, f"Sorted the remaining {done.count:,} {who}: {sorting.place_words(place)}."
    )
    return redirect(_url(view))


def _moment(value: Any) -> dt.datetime | None:
    """When the session's last sort was made; None for anything else (Undo
    then puts back only those still sorted, as before)."""
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


@login_required
@require_POST
def triage_undo(request: HttpRequest) -> HttpResponse:
    """Put the last sort back: those people wait again."""
    last = request.session.pop(UNDO, None)
    view = _posted_from(request)
    ids = ids_of(last.get("runs")) if isinstance(last, dict) else []
    if not ids:
        return _problem(request, "There is nothing to undo.", view)
    back = sorting.put_back(request.user, ids, _moment(last.get("at")))
    if not back:
        return _problem(request, "There is nothing to undo: they were changed since.", view)
    first = min(ids) if len(ids) == 1 else None
    return redirect(_url(view, at=first))
