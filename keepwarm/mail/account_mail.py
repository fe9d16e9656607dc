"""Emails about the account itself: a password reset link, and the notice that
signing in was paused after failed attempts.

Both go only to a confirmed address (``User.sends_email``, checked by the
outbox at enqueue and again at delivery) and are queued, never sent inside the
request: the answer to "reset the password of this address" and the time it
takes are the same whether an account has it or not. The worker sends them
within a minute.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from keepwarm.accounts import throttle, two_factor
from keepwarm.accounts.models import SENDS_EMAIL, zone_of
from keepwarm.mail import outbox
from keepwarm.mail.links import absolute
from keepwarm.mail.models import OutboxMessage

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

log = logging.getLogger(__name__)
Kind = OutboxMessage.Kind

RESET_EVERY = dt.timedelta(minutes=10)
"""At most one reset link per account in this long: asked again sooner, the
one on its way is the answer (the page says the same)."""
RESET_PER_DAY = 5
LOCK_NOTICES_PER_DAY = 3
"""Notices of paused sign-ins per account and day: someone failing on purpose
from one address every cool-off must not fill the owner's mailbox."""


def _since(user: User, kind: str, period: dt.timedelta) -> int:
    made = OutboxMessage.objects.owned_by(user).filter(kind=kind)
    return int(made.filter(created_at__gte=timezone.now() - period).count())


# Password reset ----------------------------------------------------------------


def reset_url(user: User) -> str:
    """The link that lets ``user`` choose a new password (for ``PASSWORD_RESET_TIMEOUT``)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(reverse("password_reset_confirm", args=[uid, token]))


def resettable(address: str) -> list[Any]:
    """The accounts whose confirmed address is ``address`` and that sign in
    with a password (not the demo, not one without a password)."""
    found = get_user_model().objects.filter(
        SENDS_EMAIL, email__iexact=address.strip(), is_active=True
    )
    return [user for user in found if user.has_usable_password()]


def send_password_reset(address: str) -> int:
    """Queue a reset link for each account with the confirmed ``address``; how
    many were queued now. Nothing tells the caller whether one exists: the
    web page answers the same either way."""
    now = timezone.now()
    window = int(now.timestamp() // RESET_EVERY.total_seconds())
    queued = 0
    for user in resettable(address):
        key = f"reset:{user.pk}:{window}"
        if OutboxMessage.objects.filter(key=key).exists():
            continue
        if _since(user, Kind.PASSWORD_RESET, dt.timedelta(days=1)) >= RESET_PER_DAY:
            continue
        context = {
            "username": user.username,
            "url": reset_url(user),
            "site": absolute("/"),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "two_factor": two_factor.is_on(user),
        }
        try:
            outbox.enqueue(
                user,
                Kind.PASSWORD_RESET,
                key,
                subject=f"Choose a new keepwarm password for {user.username}",
                text=render_to_string("reminders/password_reset.txt", context),
            )
        except ValidationError:  # an address stored before it was checked
            log.warning("No password reset link for account %s: its address is refused", user.pk)
            continue
        queued += 1
    return queued


# Sign-in paused ----------------------------------------------------------------


def send_lock_notice(user: User, scope: str, address: str | None = None) -> OutboxMessage | None:
    """Tell the owner that signing in to their account is paused (``scope``:
    from one ``address``, or from everywhere) and what to do; None when the
    account gets no email or had its notices for the day."""
    if not user.sends_email:
        return None
    if _since(user, Kind.SIGNIN_LOCKED, dt.timedelta(days=1)) >= LOCK_NOTICES_PER_DAY:
        return None
    now = timezone.now()
    until = timezone.localtime(now + settings.AXES_COOLOFF_TIME, zone_of(user))
    context = {
        "username": user.username,
        "everywhere": scope == throttle.ACCOUNT,
        "address": address,
        "limit": settings.AXES_FAILURE_LIMIT,
        "until": f"{until:%H:%M}",
        "zone": str(until.tzinfo),
        "reset_url": absolute(reverse("password_reset")) if outbox.email_configured() else "",
        "settings_url": absolute(reverse("security")),
        "two_factor": two_factor.is_on(user),
    }
    return outbox.enqueue(
        user,
        Kind.SIGNIN_LOCKED,
        f"signin-locked:{user.pk}:{scope}:{now:%Y%m%dT%H%M}",
        subject="Signing in to your keepwarm account is paused for a while",
        text=render_to_string("reminders/signin_locked.txt", context),
    )


def on_sign_in_locked(
    sender: Any, username: str | None, scope: str, request: Any, **kw: Any
) -> None:
    """``throttle.sign_in_locked``: email the owner of the name, if it is an
    account's. Never fails the sign-in page: a problem is only logged."""
    if not username:
        return
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        return
    address = getattr(request, "axes_ip_address", None)
    try:
        send_lock_notice(user, scope, address)
    except Exception:  # the page still says "paused"; the notice is only lost
        log.exception("Could not queue the sign-in notice for account %s", user.pk)
