"""Confirming an account's email address: a signed link sent to it.

The link names the account and the address, signed with the site's secret key
and a salt of its own, and expires (``MAX_AGE``). It confirms that address only
while it is still the account's email: one sent before a change confirms
nothing. Opening it (GET) only shows what it would do; the button (POST)
confirms, as mail systems fetch links to scan them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from keepwarm import signed

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

SALT = "keepwarm.accounts.confirm-email"
MAX_AGE = dt.timedelta(days=3)


class LinkInvalid(signed.LinkInvalid):
    """A link that was never ours, was changed, or is for another address."""

    def __str__(self) -> str:
        return (
            "This confirmation link is not valid, or is for an address the account no "
            "longer has. Send a new one from Settings."
        )


class LinkExpired(LinkInvalid, signed.LinkExpired):
    def __str__(self) -> str:
        return "This confirmation link is more than three days old. Send a new one from Settings."


def token(user: User) -> str:
    return signed.dump({"u": user.pk, "e": user.email}, SALT)


def read(value: str) -> tuple[Any, str]:
    """The account and the address a link confirms; ``LinkInvalid`` otherwise."""
    try:
        payload = signed.load(value, SALT, MAX_AGE)
        user = signed.user_of(payload, value, is_demo=False)
    except signed.LinkExpired:
        raise LinkExpired from None
    except signed.LinkInvalid:
        raise LinkInvalid from None
    address = payload.get("e")
    if not user.email or user.email != address:
        raise LinkInvalid
    return user, user.email


def confirm(user: User, address: str) -> bool:
    """Confirm ``address`` (a link's, ``read``) while it is still the account's
    email, in one conditional update; False when it changed since."""
    confirmed = type(user).objects.filter(pk=user.pk, email=address, is_demo=False)
    if not confirmed.update(email_confirmed=address):
        return False
    user.email_confirmed = address
    return True


def confirm_by_admin(user: User) -> None:
    """The administrator vouches for the account's address (``keepwarm createuser``)."""
    if user.email and not user.is_demo:
        user.email_confirmed = user.email
        user.save(update_fields=["email_confirmed"])
