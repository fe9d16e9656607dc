"""Gatherings: the list, the form, and the gathering page with suggested
invitees, the invitations, the answers and who came."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from keepwarm.lib.words import long_date, names_sentence, plural
from keepwarm.occasions import hosting
from keepwarm.occasions.models import Gathering, Invitation, Phase
from keepwarm.owned import get_owned_or_404
from keepwarm.web.forms.gatherings import (
    AnswersForm,
    CopyForm,
    GatheringForm,
    InviteForm,
)
from keepwarm.web.forms.touches import apply_errors


@login_required
@require_GET
def gatherings(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    upcoming, past = hosting.listing(request.user, today)
    context = {"upcoming": upcoming, "past": past}
    return render(request, "web/gatherings/list.html", context)


def _save_message(request: HttpRequest, form: GatheringForm, saved: str) -> None:
    messages.success(request, saved)
    if form.in_the_past:
        messages.warning(
            request,
            f"{long_date(form.cleaned_data['date'])} is in the past: "
            "it is kept as a past gathering, ready to tick who came.",
        )


@login_required
@require_http_methods(["GET", "POST"])
def gathering_new(request: HttpRequest) -> HttpResponse:
    source = CopyForm(request.GET, user=request.user).source()
    initial = hosting.next_years(source) if source else _proposed(request)
    form = GatheringForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        gathering = form.save(commit=False)
        gathering.owner = request.user
        gathering.save()
        _save_message(request, form, f"{gathering.title} is planned. Now invite your guests.")
        return redirect("gathering", pk=gathering.pk)
    context = {"form": form, "source": source}
    return render(request, "web/gatherings/form.html", context)


def _proposed(request: HttpRequest) -> dict[str, Any]:
    """A party the planner proposed (``?title=…&date=…`` from the agenda's "Plan
    it"): the form starts with its name and day; anything unreadable is left out."""
    initial: dict[str, Any] = {}
    title = request.GET.get("title", "").strip()
    if title:
        initial["title"] = title[: Gathering._meta.get_field("title").max_length]
    with contextlib.suppress(ValueError):
        initial["date"] = dt.date.fromisoformat(request.GET.get("date", ""))
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def gathering_edit(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = get_owned_or_404(Gathering, request.user, pk=pk)
    form = GatheringForm(request.POST if request.method == "POST" else None, instance=gathering)
    if request.method == "POST" and form.is_valid():
        form.save()
        _save_message(request, form, f"Saved {gathering.title}.")
        return redirect("gathering", pk=gathering.pk)
    return render(request, "web/gatherings/form.html", {"form": form, "gathering": gathering})


def _page(
    request: HttpRequest,
    gathering: Gathering,
    invite_form: InviteForm | None = None,
    answers_form: AnswersForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    answers_form = answers_form or AnswersForm(gathering=gathering, today=today)
    states = hosting.email_states(gathering)
    left = hosting.places_left(gathering)
    to_come = gathering.phase_on(today) != Phase.OVER
    suggestions = hosting.suggest_invitees(user, gathering, left) if to_come else []
    invite_form = invite_form or InviteForm(user=user, gathering=gathering)
    shown = {s.person.pk for s in suggestions}
    ticked = {p.pk for p in invite_form.picked} & shown
    invite_form.picked = [p for p in invite_form.picked if p.pk not in shown]
    context = {
        "gathering": gathering,
        "today": today,
        "upcoming": to_come,
        "suggestions": suggestions,
        "ticked": ticked,
        "invite_form": invite_form,
        "answers_form": answers_form,
        "rows": _rows(answers_form, states),
        "to_copy": _to_copy(gathering, states) if to_come else [],
        "tally": hosting.counts(gathering),
        "next_year": gathering.yearly and not to_come,
        "full": left == 0,
        "home_city": user.profile.home_city.strip(),
    }
    return render(request, "web/gatherings/detail.html", context, status=status)


def _rows(form: AnswersForm, states: dict[int, str]) -> list[dict[str, Any]]:
    came = set(form["came"].value() or []) if form.attendance else set()
    chosen = {str(v) for v in came}
    rows = []
    for invitation, field in form.rows():
        ticked = str(invitation.pk) in chosen if form.is_bound else invitation.came is True
        rows.append(
            {
                "invitation": invitation,
                "answer": field,
                "came": ticked,
                "email": states.get(invitation.person_id, ""),
            }
        )
    return rows


def _to_copy(gathering: Gathering, states: dict[int, str]) -> list[dict[str, Any]]:
    """Guests whose invitation has no email behind it (none, or one that failed):
    the words to copy, and links for the mail app and for a text message."""
    waiting = [
        i
        for i in gathering.invitations.select_related("person").filter(came__isnull=True)
        if states.get(i.person_id) in (None, "failed")
    ]
    if not waiting:
        return []
    guests = [i.person for i in waiting]
    phones = hosting.points_of(guests, "phone")
    emails = hosting.emails_of(guests)
    subject, words = hosting.words(gathering)
    found = []
    for invitation in waiting:
        text = hosting.personal(words, invitation.person)
        subject_of = hosting.personal(subject, invitation.person)
        email = emails.get(invitation.person_id, "")
        phone = "".join(ch for ch in phones.get(invitation.person_id, "") if ch in "+0123456789")
        found.append(
            {
                "invitation": invitation,
                "text": text,
                "mailto": f"mailto:{quote(email)}?subject={quote(subject_of)}&body={quote(text)}",
                "sms": f"sms:{phone}?body={quote(text)}" if phone else "",
                "failed": states.get(invitation.person_id) == "failed",
            }
        )
    return found


@login_required
@require_http_methods(["GET", "POST"])
def gathering(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_owned_or_404(Gathering, request.user, pk=pk)  # another's: 404, not 405
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _page(request, found)


@login_required
@require_http_methods(["GET", "POST"])
def gathering_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the picked people: by email, the preview of each guest's email
    first (nothing is queued until it is confirmed), or by the user themself."""
    gathering = get_owned_or_404(Gathering, request.user, pk=pk)  # another's: 404, not 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = InviteForm(request.POST, user=request.user, gathering=gathering)
    if not form.is_valid() or form.editing:
        return _page(request, gathering, invite_form=form)
    people = form.cleaned_data["people"]
    by_email = form.cleaned_data["how"] == InviteForm.EMAIL
    try:
        if by_email and not form.sending:
            return _preview(request, gathering, form)
        if by_email:
            emailed, to_copy = hosting.send_invitations(
                gathering, people, form.cleaned_data["subject"], form.cleaned_data["text"]
            )
        else:
            emailed, to_copy = (
                [],
                hosting.invite_by_hand(
                    gathering, people, form.cleaned_data["subject"], form.cleaned_data["text"]
                ),
            )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _page(request, gathering, invite_form=form)
    _invited_messages(request, emailed, to_copy)
    return redirect(reverse("gathering", args=[gathering.pk]) + "#invitations")


def _preview(request: HttpRequest, gathering: Gathering, form: InviteForm) -> HttpResponse:
    """Each guest's email as it will go out, to send or to change."""
    data = form.cleaned_data
    letters = hosting.letters(gathering, data["people"], data["subject"], data["text"])
    letters.sort(key=lambda letter: (not letter.to, letter.person.display_name.casefold()))
    context = {
        "gathering": gathering,
        "form": form,
        "letters": letters,
        "emailed": sum(1 for letter in letters if letter.to),
        "without": [letter.person.display_name for letter in letters if not letter.to],
        "far": [letter for letter in letters if letter.far],
        "home_city": request.user.profile.home_city.strip(),
    }
    return render(request, "web/gatherings/preview.html", context)


def _invited_messages(
    request: HttpRequest, emailed: list[Invitation], to_copy: list[Invitation]
) -> None:
    if emailed:
        names = names_sentence([i.person.display_name for i in emailed])
        messages.success(request, f"Invitations to {names} are in the outbox.")
    if to_copy:
        names = names_sentence([i.person.display_name for i in to_copy])
        messages.info(request, f"Invite {names} yourself: the invitation is ready to copy below.")


@login_required
@require_http_methods(["GET", "POST"])
def gathering_answers(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = get_owned_or_404(Gathering, request.user, pk=pk)  # another's: 404, not 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AnswersForm(request.POST, gathering=gathering, today=timezone.localdate())
    if not form.is_valid():
        return _page(request, gathering, answers_form=form)
    try:
        changed = hosting.record_answers(gathering, form.answers())
        attendance = (
            hosting.record_attendance(gathering, form.came_ids()) if form.attendance else None
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _page(request, gathering, answers_form=form)
    messages.success(request, _answers_message(changed, attendance))
    return redirect(reverse("gathering", args=[gathering.pk]) + "#invitations")


def _answers_message(changed: int, attendance: hosting.Attendance | None) -> str:
    if attendance is None:
        return f"Saved the answers ({changed} changed)." if changed else "Saved the answers."
    parts = []
    if attendance.came:
        parts.append(
            f"logged the party with {names_sentence([p.display_name for p in attendance.came])}"
        )
    if attendance.reached:
        guests = plural(attendance.reached, "guest")
        parts.append(f"the invitation as a touch for the {guests} it reached")
    if not parts:
        return "Saved: nobody came, and no invitation reached anyone."
    return "Saved who came: " + ", and ".join(parts) + "."
