"""Label sheets (PDF) for a card run, a trip, a tag or a circle."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def labels(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
