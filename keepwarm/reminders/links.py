"""Signed links in emails: mark an agenda item or a follow-up done, snooze it for
a week, or unsubscribe, without signing in.

The link itself is the credential: it names the user, the action and the
target, signed with the site's secret key and a salt of its own, and it expires
(``ACTION_MAX_AGE``). Opening it (GET) only shows what it would do: mail
systems fetch links to scan them, so only the confirmation button (POST) acts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

ACTION_SALT = "keepwarm.reminders.email-action"
UNSUBSCRIBE_SALT = "keepwarm.reminders.unsubscribe"
ACTION_MAX_AGE = dt.timedelta(days=14)
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=90)

ACTIONS = {"done", "snooze"}
TARGETS = {"item", "follow_up"}
SNOOZE_DAYS = 7


class LinkInvalid(Exception):
    """A link that was never ours, or was changed."""


class LinkExpired(LinkInvalid):
    """A link that was ours but is too old."""


@dataclass(frozen=True)
class Link:
    user: Any
    action: str
    target: str
    ident: str


def base_url() -> str:
    """Where people open keepwarm (``KEEPWARM_BASE_URL``), without a trailing slash."""
    return str(getattr(settings, "KEEPWARM_BASE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def absolute(path: str) -> str:
    return f"{base_url()}{path}"


def action_token(user: Any, action: str, target: str, ident: object) -> str:
    if action not in ACTIONS or target not in TARGETS:
        raise ValueError(f"unknown email action {action!r} on {target!r}")
    payload = {"u": user.pk, "a": action, "t": target, "i": str(ident)}
    return signing.dumps(payload, salt=ACTION_SALT, compress=True)


def action_url(user: Any, action: str, target: str, ident: object) -> str:
    token = action_token(user, action, target, ident)
    return absolute(reverse("email_action", args=[token]))


def unsubscribe_token(user: Any) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user: Any) -> str:
    return absolute(reverse("unsubscribe", args=[unsubscribe_token(user)]))


def _load(token: str, salt: str, max_age: dt.timedelta) -> dict[str, Any]:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkExpired(token) from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise LinkInvalid(token) from None
    if not isinstance(payload, dict):
        raise LinkInvalid(token)
    return payload


def _user(payload: dict[str, Any], token: str) -> Any:
    pk = payload.get("u")
    users = get_user_model().objects.filter(is_active=True)
    found = users.filter(pk=pk).first() if isinstance(pk, int) else None
    if found is None:
        raise LinkInvalid(token)
    return found


def read_action(token: str) -> Link:
    """The link's user, action and target, or ``LinkExpired`` / ``LinkInvalid``."""
    payload = _load(token, ACTION_SALT, ACTION_MAX_AGE)
    action, target, ident = payload.get("a"), payload.get("t"), payload.get("i")
    if action not in ACTIONS or target not in TARGETS or not isinstance(ident, str):
        raise LinkInvalid(token)
    return Link(_user(payload, token), str(action), str(target), ident)


def read_unsubscribe(token: str) -> Any:
    """The user an unsubscribe link is for, or ``LinkExpired`` / ``LinkInvalid``."""
    return _user(_load(token, UNSUBSCRIBE_SALT, UNSUBSCRIBE_MAX_AGE), token)
