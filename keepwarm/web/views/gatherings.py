"""Gatherings: suggested invitees, invitations, answers and who came."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def gatherings(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def gathering_new(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def gathering(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def gathering_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def gathering_invite(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def gathering_answers(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
