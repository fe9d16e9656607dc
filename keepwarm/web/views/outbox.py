"""Outgoing email: what waits, what failed (with a retry), and a test email."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def outbox(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def send_test_email(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
