"""Trips and postcards: proposed recipients, labels to take along, tick who got one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def trips(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def trip_new(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def trip(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def trip_sent(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
