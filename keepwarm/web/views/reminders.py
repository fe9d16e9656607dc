"""Reminder settings (digest day and hour, daily email), the signed links in
emails (done, snooze) and unsubscribe.

The links in emails work without signing in: the signed link is the
credential. A GET only shows what the link would do (mail systems fetch links
to scan them); the button on that page (POST) does it. An expired or changed
link gets a page that says so, with a way to sign in instead."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from keepwarm.accounts.models import zone_of
from keepwarm.accounts.services import profile_of
from keepwarm.mail import links
from keepwarm.mail.models import settings_of, stop_emails
from keepwarm.reminders import actions, digest
from keepwarm.web.forms.reminders import ReminderSettingsForm

CALENDAR_CARD = "web/reminders/_calendar.html"
GONE = "That item is no longer in your plan: it was done, skipped or moved."
FOLLOW_UP_GONE = "That follow-up is no longer in keepwarm: it was deleted."


def _calendar_context(request: HttpRequest) -> dict[str, Any]:
    """The calendar card and its URL, when the calendar feed is installed."""
    try:
        get_template(CALENDAR_CARD)
        from keepwarm.reminders.feeds import feed_url
    except (TemplateDoesNotExist, ImportError):
        return {"calendar_card": None}
    return {"calendar_card": CALENDAR_CARD, "calendar_url": feed_url(request, request.user)}


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    found = settings_of(request.user)
    zone = profile_of(request.user).time_zone
    data = request.POST if request.method == "POST" else None
    form = ReminderSettingsForm(data, instance=found, zone=zone)
    if data is not None and form.is_valid():
        form.save()
        messages.success(request, "Reminder settings saved.")
        return redirect("reminders")
    context = {
        "form": form,
        "settings": found,
        "zone": zone,
        "next_digest": digest.next_digest(request.user) if found.emails_on else None,
        "has_email": bool(request.user.email),
        **_calendar_context(request),
    }
    return render(request, "web/reminders/settings.html", context)


def _problem(request: HttpRequest, error: links.LinkInvalid) -> HttpResponse:
    expired = isinstance(error, links.LinkExpired)
    status = 410 if expired else 400
    return render(request, "web/reminders/link_problem.html", {"expired": expired}, status=status)


@require_http_methods(["GET", "POST"])
def email_action(request: HttpRequest, signed: str) -> HttpResponse:
    """Done or Snooze from an email: GET asks, POST does (no sign-in)."""
    try:
        link = links.read_action(signed)
    except links.LinkInvalid as error:
        return _problem(request, error)
    with timezone.override(zone_of(link.user)):
        today = timezone.localdate()
        try:
            target = actions.describe(link, today)
            done = request.method == "POST" and not target.done
            result = actions.perform(link, today) if done else ""
        except actions.Gone:
            text = GONE if link.target == "item" else FOLLOW_UP_GONE
            return render(request, "web/reminders/gone.html", {"text": text}, status=410)
    context = {"link": link, "target": target, "result": result, "snooze_days": links.SNOOZE_DAYS}
    return render(request, "web/reminders/action.html", context)


@csrf_exempt  # the signed link is the credential; mail apps post one-click unsubscribes
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, signed: str) -> HttpResponse:
    """Stop every email: GET asks, POST does (also RFC 8058 one-click)."""
    try:
        user = links.read_unsubscribe(signed)
    except links.LinkInvalid as error:
        return _problem(request, error)
    found = stop_emails(user) if request.method == "POST" else settings_of(user)
    context = {"address": user.email, "done": request.method == "POST" or not found.emails_on}
    return render(request, "web/reminders/unsubscribe.html", context)
