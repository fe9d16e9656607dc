"""The per-user iCalendar feed at a secret URL, and regenerating that URL."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_http_methods, require_POST

from keepwarm.reminders import feeds

CACHE_CONTROL = "private, max-age=300"


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed of the token's owner, for calendar apps: no login, no cookies.

    A wrong or revoked token is a plain 404 that tells nothing about why.
    """
    user = feeds.owner_of(token)
    if user is None:
        raise Http404("No such calendar.")
    data, _ = feeds.feed(user)
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    unchanged = get_conditional_response(request, etag=etag)
    response = unchanged or HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Disposition"] = 'inline; filename="keepwarm.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    feeds.regenerate(request.user)
    messages.success(
        request,
        "Your calendar has a new address: the old one no longer works. "
        "Subscribe to the new one in your calendar app.",
    )
    return redirect("reminders")
