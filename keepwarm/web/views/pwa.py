"""The installable app: its manifest, its service worker, the page shown
offline, and the quick-log screen (which logs through the API, and queues on
the device with no signal: ``static/keepwarm/quick-log.js``)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from keepwarm.owned import owned
from keepwarm.plans.agenda import QUICK_LOG_PEOPLE, people_to_log
from keepwarm.touches.models import TouchKind
from keepwarm.web import installable


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(installable.manifest(), content_type="application/manifest+json")
    add_never_cache_headers(response)
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root, so its scope is the whole site; never cached, so a
    new version is picked up on the next visit."""
    config = json.dumps(installable.worker_config())
    response = render(request, "web/pwa/sw.js", {"config": config}, content_type="text/javascript")
    add_never_cache_headers(response)
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page it has not kept, with no signal: the
    same for everyone, with nothing of an account on it."""
    return render(request, "web/pwa/offline.html", {"offline": True})


SHOWN_FIRST = 8
"""People the quick log shows before "Show more" (a search reads them all)."""


@login_required
@require_GET
def quick_log(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    picks = people_to_log(request.user, today)
    context = {
        "picks": picks,
        "shown_first": SHOWN_FIRST,
        "more": max(0, len(picks) - SHOWN_FIRST),
        "all_here": len(picks) < QUICK_LOG_PEOPLE,
        "kinds": owned(TouchKind, request.user).order_by("position", "label"),
        "today": today,
    }
    return render(request, "web/pwa/quick_log.html", context)
