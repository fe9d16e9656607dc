"""An account's signed-in sessions: listed in Settings, signed out from there.

Django keeps sessions by key and cannot list one account's, so each sign-in
is also an ``AccountSession`` row: made at sign-in (``signed_in``), seen again
at most every ``SEEN_EVERY`` (``seen``, from the middleware, which also
records a session signed in before the rows existed), deleted at sign-out
(``signed_out``). Ending a session deletes Django's session and its row.

The demo account, shared by every visitor, keeps no rows: its list would show
strangers each other's addresses, and "sign out everywhere else" would sign
them out.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from keepwarm.accounts import browsers
from keepwarm.accounts.models import AccountSession
from keepwarm.formats import text
from keepwarm.owned import owned

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

SEEN_EVERY = dt.timedelta(minutes=5)
SEEN_KEY = "keepwarm_seen_at"


def _store(key: str | None = None) -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, as the sign-in throttle sees it."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def _client(request: HttpRequest) -> dict[str, Any]:
    agent = text.one_line(request.META.get("HTTP_USER_AGENT", ""))
    return {"user_agent": agent[:300], "ip_address": client_address(request)}


def _keeps_sessions(user: User) -> bool:
    return bool(user and user.is_authenticated and not getattr(user, "is_demo", False))


def signed_in(request: HttpRequest, user: User) -> None:
    """Record the session a sign-in just started (``user_logged_in``)."""
    key = request.session.session_key if hasattr(request, "session") else None
    if not key or not _keeps_sessions(user):
        return
    now = timezone.now()
    _save(user, key, now, signed_in_at=now, **_client(request))
    request.session[SEEN_KEY] = now.timestamp()
    forget_ended(user)


def seen(request: HttpRequest) -> None:
    """Note that the session is in use, at most every ``SEEN_EVERY``."""
    user = getattr(request, "user", None)
    key = request.session.session_key
    if not key or not _keeps_sessions(user):
        return
    now = timezone.now()
    last = request.session.get(SEEN_KEY)
    if isinstance(last, int | float) and 0 <= now.timestamp() - last < SEEN_EVERY.total_seconds():
        return
    _save(user, key, now, **_client(request))
    request.session[SEEN_KEY] = now.timestamp()


def _save(user: User, key: str, now: dt.datetime, **fields: Any) -> None:
    rows = owned(AccountSession, user).filter(session_key=key)
    if rows.update(last_seen_at=now, **fields):
        return
    fields.setdefault("signed_in_at", now)
    try:
        with transaction.atomic():
            AccountSession.objects.create(owner=user, session_key=key, last_seen_at=now, **fields)
    except IntegrityError:  # the key is another account's row: never shown to this one
        pass


def signed_out(request: HttpRequest, user: User) -> None:
    """Forget the session a sign-out ends (``user_logged_out``)."""
    key = request.session.session_key if hasattr(request, "session") else None
    if key and user is not None:
        owned(AccountSession, user).filter(session_key=key).delete()


def listed(user: User, current_key: str | None) -> list[AccountSession]:
    """The account's sessions that are still signed in, most recently seen first,
    each with ``is_current`` and ``browser`` (in plain words)."""
    forget_ended(user)
    rows = list(owned(AccountSession, user))
    for row in rows:
        row.is_current = row.session_key == current_key  # type: ignore[attr-defined]
        row.browser = browsers.describe(row.user_agent)  # type: ignore[attr-defined]
    return rows


def forget_ended(user: User) -> int:
    """Delete the rows of sessions that ended without a sign-out (expired, or
    removed from the store); how many."""
    oldest = timezone.now() - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows = owned(AccountSession, user)
    gone = [
        row.pk for row in rows if row.last_seen_at < oldest or not _store().exists(row.session_key)
    ]
    if gone:
        rows.filter(pk__in=gone).delete()
    return len(gone)


def rekeyed(user: User, old: str | None, new: str | None) -> None:
    """The session kept its sign-in under a new key (a password change cycles it)."""
    if old and new and old != new:
        owned(AccountSession, user).filter(session_key=old).update(session_key=new)


def end(session: AccountSession) -> None:
    """Sign one session out: it needs the password again on its next request."""
    _store(session.session_key).delete()
    session.delete()


def end_others(user: User, keep: str | None = None) -> int:
    """Sign out every session of the account but ``keep`` (the current one);
    how many. Without ``keep``, all of them (a password set by the
    administrator or by a reset link)."""
    others = owned(AccountSession, user).exclude(session_key=keep or "")
    ended = 0
    for session in others:
        end(session)
        ended += 1
    return ended


def on_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None:
        signed_in(request, user)


def on_sign_out(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None:
        signed_out(request, user)
