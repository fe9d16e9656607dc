"""The per-user iCalendar feed at a secret URL, and regenerating that URL."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
