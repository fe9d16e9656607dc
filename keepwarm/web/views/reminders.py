"""Reminder settings (digest day and hour, daily email), the signed links in
emails (done, snooze) and unsubscribe."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def reminder_settings(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def email_action(request: HttpRequest, signed: str) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def unsubscribe(request: HttpRequest, signed: str) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
