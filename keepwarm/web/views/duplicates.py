"""Possible duplicates: side by side, merge (undoable) or mark as different people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, Max, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keepwarm.contacts.duplicates import (
    EXACT,
    POSSIBLE,
    STRONG,
    Candidate,
    candidate,
    dismiss,
    duplicates_of,
    find_duplicates,
)
from keepwarm.contacts.merge import (
    MergeError,
    merge_people,
    recent_merges,
    undo_merge,
    undoable_merge_into,
)
from keepwarm.contacts.models import Merge, NotDuplicate, Person
from keepwarm.owned import get_owned_or_404, owned
from keepwarm.plans.services import data_version
from keepwarm.web import paging
from keepwarm.web.forms.duplicates import MergeForm
from keepwarm.web.views.common import safe_next
from keepwarm.web.views.duplicate_sides import Side, compare, merge_outcome

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

# The list shows the strongest suggestions first; past this many it says so.
LIST_LIMIT = 500
PAGE_SIZE = 25
RECENT_MERGES = 5
# Seconds a user's suggestions stay cached (a change makes them stale at once).
SUGGESTIONS_KEPT = 600
# How long after a merge the kept person's page offers to undo it.


# How the list names each strength, strongest first: (title, what it means).
STRENGTHS = {
    EXACT: ("Same person, surely", "The same name, and the same email, phone or card."),
    STRONG: ("Very likely the same", "They share an email address or a phone number."),
    POSSIBLE: (
        "Maybe the same",
        "Names alike and nothing else in common yet: check before you merge.",
    ),
}


@dataclass(frozen=True)
class Group:
    strength: str
    title: str
    help: str
    pairs: list[Candidate]


def _groups(pairs: list[Candidate]) -> list[Group]:
    return [
        Group(strength, title, help_text, found)
        for strength, (title, help_text) in STRENGTHS.items()
        if (found := [pair for pair in pairs if pair.strength == strength])
    ]


def _suggestions(user: User) -> list[Candidate]:
    """The strongest suggestions, kept in the cache while nothing they are made of
    changes: paging through a large network's list does not search it again.

    The key holds the data version that every change to a person, a contact
    point or a circle bumps (see ``keepwarm.plans.signals``) and the user's
    "not the same" marks; before the first version exists nothing is kept.
    """
    version = data_version(user)
    if version is None:
        return find_duplicates(user, limit=LIST_LIMIT + 1)
    marks = owned(NotDuplicate, user).aggregate(count=Count("id"), last=Max("id"))
    key = f"keepwarm:duplicates:{user.pk}:{version}:{marks['count']}:{marks['last']}"
    found = cache.get(key)
    if found is None:
        found = find_duplicates(user, limit=LIST_LIMIT + 1)
        cache.set(key, found, timeout=SUGGESTIONS_KEPT)
    return found


@login_required
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    found = _suggestions(request.user)
    rank = list(STRENGTHS)
    shown = sorted(found[:LIST_LIMIT], key=lambda pair: rank.index(pair.strength))
    page = paging.page_of(request, shown, PAGE_SIZE)
    people = [who for pair in page.object_list for who in (pair.first, pair.second)]
    prefetch_related_objects(people, "contact_points", "circle")
    context = {
        "page": page,
        "groups": _groups(page.object_list),
        "more_than_shown": len(found) > LIST_LIMIT,
        "limit": LIST_LIMIT,
        "merges": list(recent_merges(request.user, limit=RECENT_MERGES)),
    }
    return render(request, "web/duplicates/list.html", context)


def _pair(request: HttpRequest, first: int, second: int) -> tuple[Person, Person]:
    """Both people, the user's own (404 otherwise), in the order of the URL."""
    people = Person.objects.select_related("circle")
    one = get_owned_or_404(people, request.user, pk=first)
    other = get_owned_or_404(people, request.user, pk=second)
    return one, other


def _same_person(request: HttpRequest) -> HttpResponse:
    messages.error(request, "That is the same person twice: pick two different people.")
    return redirect(safe_next(request, reverse("duplicates")))


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_compare(request: HttpRequest, first: int, second: int) -> HttpResponse:
    one, other = _pair(request, first, second)
    if one.pk == other.pk:
        return _same_person(request)
    form = MergeForm(request.POST or None, first=one, second=other, default=one)
    if request.method == "POST" and form.is_valid():
        keep, absorb = form.chosen()
        try:
            merge_people(request.user, keep, absorb)
        except MergeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Merged {absorb.display_name} into {keep.display_name}.")
            return redirect(keep)
    # Only a page that is shown needs both people in full.
    sides = (Side.of(request.user, one), Side.of(request.user, other))
    if not form.is_bound:
        form = MergeForm(None, first=one, second=other, default=_default_keep(sides))
    evidence = candidate(request.user, one, other)
    outcomes = [merge_outcome(sides[0], sides[1]), merge_outcome(sides[1], sides[0])]
    context = {
        "first": sides[0],
        "second": sides[1],
        "sides": sides,
        "evidence": evidence,
        "strength": STRENGTHS[evidence.strength] if evidence else None,
        "rows": compare(*sides),
        "choices": list(zip(form["keep"], outcomes, strict=True)),
        "form": form,
    }
    return render(request, "web/duplicates/compare.html", context)


def _default_keep(sides: tuple[Side, Side]) -> Person:
    """The one with more touches; on a tie the one added first."""
    one, other = sides
    if one.touches != other.touches:
        return (one if one.touches > other.touches else other).person
    first_added = min(sides, key=lambda side: (side.person.created_at, side.person.pk))
    return first_added.person


@login_required
@require_POST
def duplicate_dismiss(request: HttpRequest, first: int, second: int) -> HttpResponse:
    one, other = _pair(request, first, second)
    if one.pk == other.pk:
        return _same_person(request)
    dismiss(request.user, one, other)
    messages.success(
        request,
        f"Noted: {one.display_name} and {other.display_name} are different people. "
        "They will not be suggested as duplicates again.",
    )
    return redirect(safe_next(request, reverse("duplicates")))


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_owned_or_404(Merge, request.user, pk=pk)
    back = safe_next(request, reverse("duplicates"))
    try:
        restored = undo_merge(request.user, merge)
    except MergeError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(
        request,
        f"Undone: {restored.display_name} and {merge.kept_name} are two people again.",
    )
    return redirect(back)


# ---- The person page's notices ---------------------------------------------------------


def person_notices(user: User, person: Person) -> dict[str, Any]:
    """What the person page says about duplicates: a likely twin who shares an
    email, phone or card (a few indexed reads), and a merge into this person
    that can still be undone."""
    twins = duplicates_of(user, person)
    twin = twins[0] if twins else None
    return {
        "twin": twin,
        "twin_other": (twin.second if twin.first.pk == person.pk else twin.first) if twin else None,
        "recent_merge": undoable_merge_into(user, person),
    }
