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
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from keepwarm import signed
from keepwarm.signed import LinkExpired, LinkInvalid  # noqa: F401 - the views catch links.*

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

ACTION_SALT = "keepwarm.reminders.email-action"
UNSUBSCRIBE_SALT = "keepwarm.reminders.unsubscribe"
ACTION_MAX_AGE = dt.timedelta(days=14)
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=90)

ACTIONS = {"done", "snooze"}
TARGETS = {"item", "follow_up"}
SNOOZE_DAYS = 7


@dataclass(frozen=True)
class Link:
    user: User
    action: str
    target: str
    ident: str


def base_url() -> str:
    """Where people open keepwarm (``KEEPWARM_BASE_URL``), without a trailing slash."""
    return str(getattr(settings, "KEEPWARM_BASE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def absolute(path: str) -> str:
    return f"{base_url()}{path}"


def action_token(user: User, action: str, target: str, ident: object) -> str:
    if action not in ACTIONS or target not in TARGETS:
        raise ValueError(f"unknown email action {action!r} on {target!r}")
    payload = {"u": user.pk, "a": action, "t": target, "i": str(ident)}
    return signed.dump(payload, ACTION_SALT)


def action_url(user: User, action: str, target: str, ident: object) -> str:
    token = action_token(user, action, target, ident)
    return absolute(reverse("email_action", args=[token]))


def unsubscribe_token(user: User) -> str:
    return signed.dump({"u": user.pk}, UNSUBSCRIBE_SALT)


def unsubscribe_url(user: User) -> str:
    return absolute(reverse("unsubscribe", args=[unsubscribe_token(user)]))


def _load(token: str, salt: str, max_age: dt.timedelta) -> dict[str, Any]:
    return signed.load(token, salt, max_age)


def _user(payload: dict[str, Any], token: str) -> Any:
    return signed.user_of(payload, token)


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
