"""Helpers the views share: the safe ``next`` page, the follow-up rows, a form's
first error, and the two shapes of page the touch log and the follow-ups both
have — a form that saves through a service, and a delete confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from keepwarm.lib.words import due_phrase, short_date
from keepwarm.touches.models import FollowUp
from keepwarm.web.forms.touches import apply_errors


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` parameter when it points into this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else default


def annotate(follow_ups: Iterable[FollowUp], today: dt.date) -> list[FollowUp]:
    """Give each follow-up its state and a relative due text for the row template."""
    rows = list(follow_ups)
    for follow_up in rows:
        follow_up.state = follow_up.status(today)  # type: ignore[attr-defined]
        follow_up.when = (  # type: ignore[attr-defined]
            f"done {short_date(timezone.localtime(follow_up.done_at))}"
            if follow_up.done_at
            else due_phrase(follow_up.due, today)
        )
    return rows


def first_error(form: forms.Form) -> str:
    """The first thing wrong with an invalid ``form``, for a page that says one
    problem in a message rather than beside the fields."""
    for errors in form.errors.values():
        return str(errors[0])
    return "Something in that request was not right."  # pragma: no cover - invalid has errors


def form_page(
    request: HttpRequest,
    form: forms.Form,
    template: str,
    save: Callable[[forms.Form], str],
    done_url: Callable[[forms.Form], str],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` (which returns the success
    message or raises ValidationError) and go to ``next`` or ``done_url``."""
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(safe_next(request, done_url(form)))
    page = {"form": form, "next": safe_next(request, ""), **(context or {})}
    return render(request, template, page)


def confirm_delete(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    delete: Callable[[], str],
    default_url: str,
) -> HttpResponse:
    """A GET asks (``template``); a POST calls ``delete``, which returns the message."""
    if request.method == "POST":
        messages.success(request, delete())
        return redirect(safe_next(request, default_url))
    return render(request, template, {**context, "next": safe_next(request, "")})
