"""Confirming an account's email address: a signed link sent to it.

The link names the account and the address, signed with the site's secret key
and a salt of its own, and expires (``MAX_AGE``). It confirms that address only
while it is still the account's email: one sent before a change confirms
nothing. Opening it (GET) only shows what it would do; the button (POST)
confirms, as mail systems fetch links to scan them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing

SALT = "keepwarm.accounts.confirm-email"
MAX_AGE = dt.timedelta(days=3)


class LinkInvalid(Exception):
    """A link that was never ours, was changed, or is for another address."""

    def __str__(self) -> str:
        return (
            "This confirmation link is not valid, or is for an address the account no "
            "longer has. Send a new one from Settings."
        )


class LinkExpired(LinkInvalid):
    def __str__(self) -> str:
        return "This confirmation link is more than three days old. Send a new one from Settings."


def token(user: Any) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT)


def read(value: str) -> tuple[Any, str]:
    """The account and the address a link confirms; ``LinkInvalid`` otherwise."""
    try:
        payload = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    user = get_user_model().objects.filter(pk=payload.get("u"), is_demo=False).first()
    address = str(payload.get("e", ""))
    if user is None or not user.email or user.email != address:
        raise LinkInvalid
    return user, address


def confirm(value: str) -> Any:
    """Confirm the address a link was sent to; the account."""
    user, address = read(value)
    if user.email_confirmed != address:
        user.email_confirmed = address
        user.save(update_fields=["email_confirmed"])
    return user


def confirm_by_admin(user: Any) -> None:
    """The administrator vouches for the account's address (``keepwarm createuser``)."""
    if user.email and not user.is_demo:
        user.email_confirmed = user.email
        user.save(update_fields=["email_confirmed"])
