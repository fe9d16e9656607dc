"""Holiday-card runs: recipients, households, mark sent, CSV for mail merge."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def card_runs(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def card_run_new(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def card_run(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def card_run_sent(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def card_run_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
