"""Who is asking: a personal access token (``Authorization: Bearer kw_…``),
or the signed-in browser session of the web app (the installable app's
queued touches), with its CSRF token on every change.

A token's scope decides what it may do: ``read`` tokens may only read.
Either way the request then runs as the owner, in the owner's time zone, and
within the owner's rate limit (``limits``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from keepwarm.accounts import tokens
from keepwarm.accounts.models import TokenScope, zone_of
from keepwarm.api import limits
from keepwarm.api.problems import ApiError

READING = frozenset({"GET", "HEAD", "OPTIONS"})


def _admit(request: HttpRequest, user: Any, key: str, scope: str) -> Any:
    if request.method not in READING and scope != TokenScope.WRITE:
        raise ApiError(403, "This token may only read: make one with the write scope.")
    limits.check(key)
    request.user = user
    timezone.activate(zone_of(user))
    return user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.authenticate(token.strip())
        if found is None:
            return None
        request.api_token = found  # type: ignore[attr-defined]
        return _admit(request, found.owner, f"token:{found.pk}", found.scope)


class _Csrf(CsrfViewMiddleware):
    """Django's CSRF check, answering a bare 403 (not the HTML failure page)."""

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        return HttpResponseForbidden(reason)


class BrowserSession(SessionAuth):
    """The web app's own signed-in session, with Django's CSRF check on a
    change (the ``X-CSRFToken`` header). Without a session it stays out of
    the way: a request with no credentials at all is a 401, not a CSRF 403."""

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in READING:
            check = _Csrf(lambda _: HttpResponseForbidden())
            request.csrf_processing_done = False  # type: ignore[attr-defined]
            check.process_request(request)
            if check.process_view(request, lambda _: None, (), {}) is not None:
                raise ApiError(
                    403,
                    "The CSRF token is missing or wrong: send the csrftoken cookie's value "
                    "as the X-CSRFToken header, or use a personal access token.",
                )
        return self.authenticate(request, None)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return _admit(request, user, f"session-user:{user.pk}", TokenScope.WRITE)


AUTH = [TokenAuth(), BrowserSession()]
