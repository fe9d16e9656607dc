"""Coming occasions, greeting templates, and sending a greeting."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def occasions(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def greeting_templates(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def greeting_send(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
