"""Follow-ups: the tabbed list, done/undo, and the add, edit and delete forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from keepwarm.owned import get_owned_or_404
from keepwarm.touches import queries
from keepwarm.touches.models import FollowUp
from keepwarm.touches.services import add_follow_up, complete_follow_up
from keepwarm.web.forms.touches import FollowUpForm, FollowUpTabForm, apply_errors

PAGE_SIZE = 50


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` parameter when it points into this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else default


def describe_due(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days == -1:
        return "due yesterday"
    if days < 0:
        return f"{-days} days overdue"
    if days < 14:
        return f"due in {days} days"
    if due.year == today.year:
        return f"due {due:%a} {due.day} {due:%b}"
    return f"due {due.day} {due:%b %Y}"


def annotate(follow_ups: Iterable[FollowUp], today: dt.date) -> list[FollowUp]:
    """Give each follow-up its state and a relative due text for the row template."""
    rows = list(follow_ups)
    for follow_up in rows:
        follow_up.state = follow_up.status(today)  # type: ignore[attr-defined]
        follow_up.when = (  # type: ignore[attr-defined]
            f"done {timezone.localtime(follow_up.done_at):%d %b}".replace(" 0", " ")
            if follow_up.done_at
            else describe_due(follow_up.due, today)
        )
    return rows


@login_required
@require_http_methods(["GET"])
def followup_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    counts = queries.follow_up_counts(request.user, today)
    tab_form = FollowUpTabForm(request.GET)
    tab = tab_form.tab_or(queries.default_follow_up_tab(counts))
    page = Paginator(queries.follow_ups_in(request.user, tab, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    tabs = [(name, label, counts[name]) for name, label in FollowUpTabForm.TABS]
    context = {
        "tab": tab,
        "tabs": tabs,
        "page": page,
        "rows": annotate(page, today),
        "next": request.get_full_path(),
    }
    return render(request, "web/followups/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_owned_or_404(FollowUp, request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    done = request.POST.get("done", "1") != "0"
    complete_follow_up(follow_up, done=done)
    back = safe_next(request, reverse("followups"))
    if request.htmx:
        row = annotate([follow_up], timezone.localdate())[0]
        return render(request, "web/followups/_row.html", {"f": row, "next": back})
    if done:
        messages.success(request, f"Done: “{follow_up.text}”.")
    else:
        messages.info(request, f"“{follow_up.text}” is open again.")
    return redirect(back)


def _save_follow_up(request: HttpRequest, form: FollowUpForm, follow_up: FollowUp | None) -> bool:
    data = form.cleaned_data
    try:
        if follow_up is None:
            add_follow_up(request.user, data["person"], data["text"], data["due"])
        else:
            follow_up.person, follow_up.text, follow_up.due = (
                data["person"],
                data["text"].strip(),
                data["due"],
            )
            follow_up.full_clean(exclude=["touch"])
            follow_up.save()
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def followup_new(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = FollowUpForm(data, user=request.user, preselect=request.GET.get("person"))
    if data is not None and form.is_valid() and _save_follow_up(request, form, None):
        person = form.cleaned_data["person"]
        messages.success(request, f"Follow-up added for {person}.")
        default = person.get_absolute_url() if request.GET.get("person") else reverse("followups")
        return redirect(safe_next(request, default))
    context = {"form": form, "next": safe_next(request, "")}
    return render(request, "web/followups/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def followup_edit(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_owned_or_404(FollowUp.objects.select_related("person"), request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = FollowUpForm(data, user=request.user, instance=follow_up)
    if data is not None and form.is_valid() and _save_follow_up(request, form, follow_up):
        messages.success(request, "Follow-up saved.")
        return redirect(safe_next(request, reverse("followups")))
    context = {"form": form, "follow_up": follow_up, "next": safe_next(request, "")}
    return render(request, "web/followups/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def followup_delete(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_owned_or_404(FollowUp.objects.select_related("person"), request.user, pk=pk)
    if request.method == "POST":
        follow_up.delete()
        messages.success(request, f"Deleted the follow-up “{follow_up.text}”.")
        return redirect(safe_next(request, reverse("followups")))
    context: dict[str, Any] = {"follow_up": follow_up, "next": safe_next(request, "")}
    return render(request, "web/followups/delete.html", context)
