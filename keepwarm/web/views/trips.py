"""Trips and postcards: proposed recipients, labels to take along, tick who got one."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from keepwarm.lib.words import short_date
from keepwarm.occasions.models import Postcard, Trip
from keepwarm.occasions.travel import (
    choose,
    create_trip,
    default_sent_date,
    listing,
    mark_sent,
    most_for,
    postcard_budget,
    postcard_kind,
    weeks_of,
)
from keepwarm.owned import get_owned_or_404
from keepwarm.planner.sessions import POSTCARDS_PER_SITTING
from keepwarm.web.forms.touches import apply_errors
from keepwarm.web.forms.trips import ChooseForm, SentForm, TripForm


@login_required
@require_http_methods(["GET"])
def trips(request: HttpRequest) -> HttpResponse:
    found = listing(request.user, timezone.localdate())
    return render(request, "web/trips/list.html", {"trips": found})


@login_required
@require_http_methods(["GET", "POST"])
def trip_new(request: HttpRequest) -> HttpResponse:
    form = TripForm(request.POST if request.method == "POST" else None)
    form.instance.owner = request.user
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            trip = create_trip(request.user, d["place"], d["start"], d["end"], d["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            chosen = trip.postcards.chosen().count()
            messages.success(request, f"Trip to {trip.place}: {chosen} postcards proposed.")
            return redirect("trip", pk=trip.pk)
    return render(request, "web/trips/new.html", {"form": form})


def _page(request: HttpRequest, trip: Trip, form: ChooseForm | None = None) -> HttpResponse:
    cards = trip.postcards.select_related("person", "address", "person__circle")
    kind = postcard_kind(request.user)
    to_write = list(cards.to_write())
    context = {
        "trip": trip,
        "postcards": list(cards),
        "to_write": to_write,
        "sent": list(cards.sent()),
        "budget": postcard_budget(request.user, trip, kind),
        "weeks": weeks_of(trip),
        "most": most_for(trip),
        "per_sitting": POSTCARDS_PER_SITTING,
        "kind": kind,
        "minutes": len(to_write) * (kind.minutes if kind else 0),
        "form": form,
        "phase": trip.phase_on(timezone.localdate()),
    }
    return render(request, "web/trips/trip.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def trip(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal; a POST saves which postcards are ticked."""
    trip = get_owned_or_404(Trip, request.user, pk=pk)
    if request.method != "POST":
        return _page(request, trip)
    form = ChooseForm(request.POST, trip=trip)
    if not form.is_valid():
        return _page(request, trip, form)
    count = choose(trip, [c.pk for c in form.cleaned_data["chosen"]])
    messages.success(request, f"Saved: {count} postcard{'s' if count != 1 else ''} to write.")
    return redirect("trip", pk=trip.pk)


@login_required
@require_http_methods(["GET", "POST"])
def trip_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """Afterwards: tick who got one; each new tick logs a postcard touch."""
    trip = get_owned_or_404(Trip, request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    sent = trip.postcards.sent()
    day = default_sent_date(trip, timezone.localdate())
    form = SentForm(data, trip=trip, initial={"sent": list(sent), "date": day})
    if request.method == "POST" and form.is_valid():
        ids = [c.pk for c in form.cleaned_data["sent"]]
        try:
            logged, undone = mark_sent(trip, ids, form.cleaned_data["date"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _sent_message(logged, undone, form.cleaned_data["date"]))
            return redirect("trip", pk=trip.pk)
    cards = trip.postcards.chosen_or_sent().select_related("person")
    context = {"trip": trip, "form": form, "cards": cards, "ticked": _ticked(form, sent)}
    return render(request, "web/trips/sent.html", context)


def _ticked(form: SentForm, sent: QuerySet[Postcard]) -> set[str]:
    """The boxes to show ticked: what was posted, else what is already sent."""
    if form.is_bound:
        return set(form.data.getlist("sent"))
    return {str(c.pk) for c in sent}


def _sent_message(logged: int, undone: int, day: dt.date) -> str:
    parts = []
    if logged:
        parts.append(f"{logged} postcard{'s' if logged != 1 else ''} logged ({short_date(day)})")
    if undone:
        parts.append(f"{undone} unticked and its touch removed")
    return "; ".join(parts) + "." if parts else "Nothing changed."
