"""The network at a glance: warmth by circle, touches against the target,
breadth, who went cold lately, coming occasions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def network_health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
