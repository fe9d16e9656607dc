"""Per request: dates in the signed-in user's time zone, and the session seen."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from keepwarm.accounts import sessions
from keepwarm.accounts.models import zone_of


class UserTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user and user.is_authenticated:
            timezone.activate(zone_of(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class SessionSeenMiddleware:
    """Keep the account's list of sessions current: when each was last used,
    and from where (``keepwarm.accounts.sessions.seen``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if hasattr(request, "session") and getattr(request, "user", None) is not None:
            sessions.seen(request)
        return self.get_response(request)
