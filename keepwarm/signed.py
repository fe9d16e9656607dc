"""Signed links: the one way a link in an email is read back.

A link carries a small payload signed with the site's secret key and a salt of
its own (one per kind of link), and expires. ``load`` gives the payload, or
``LinkExpired`` / ``LinkInvalid`` for a link that is too old or was never ours
(changed, cut short, another kind's, or not even text): never an error page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing


class LinkInvalid(Exception):
    """A link that was never ours, or was changed."""


class LinkExpired(LinkInvalid):
    """A link that was ours but is too old."""


def dump(payload: dict[str, Any], salt: str) -> str:
    return signing.dumps(payload, salt=salt, compress=True)


def load(token: str, salt: str, max_age: dt.timedelta) -> dict[str, Any]:
    """The link's payload (a dict), or ``LinkExpired`` / ``LinkInvalid``."""
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkExpired(token) from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise LinkInvalid(token) from None
    if not isinstance(payload, dict):
        raise LinkInvalid(token)
    return payload


def user_of(payload: dict[str, Any], token: str, **only: Any) -> Any:
    """The active account a payload names (``"u"``), among ``only``; else ``LinkInvalid``."""
    pk = payload.get("u")
    users = get_user_model().objects.filter(is_active=True, **only)
    found = users.filter(pk=pk).first() if isinstance(pk, int) else None
    if found is None:
        raise LinkInvalid(token)
    return found
