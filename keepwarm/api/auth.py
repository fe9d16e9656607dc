"""Who is asking: a personal access token (``Authorization: Bearer kw_…``),
or the signed-in browser session of the web app (the installable app's
queued touches), with its CSRF token on every change.

A token's scope decides what it may do: ``read`` tokens may only read.
Either way the request then runs as the owner, in the owner's time zone, and
within the owner's rate limit (``limits``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
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


class BrowserSession(SessionAuth):
    """The web app's own session; ninja checks the CSRF token on changes."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return _admit(request, user, f"session-user:{user.pk}", TokenScope.WRITE)


AUTH = [TokenAuth(), BrowserSession()]
