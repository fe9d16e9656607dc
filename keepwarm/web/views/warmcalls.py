"""Job-hunt mode: the goal, the ranked warm calls with their call cards, and
logging how a call went."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def warm_calls(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def job_hunt_goal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def call_outcome(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)


def job_hunt_end(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
