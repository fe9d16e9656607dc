"""Sign-in throttling: two limits on failed sign-ins, and a word when one locks.

django-axes records each failure by user name and address and locks that pair
after ``AXES_FAILURE_LIMIT`` (``KEEPWARM_LOGIN_FAILURE_LIMIT``). That alone
lets guesses spread over many addresses go on for ever, so ``Handler`` adds a
second, higher limit on the user name from every address together
(``KEEPWARM_ACCOUNT_FAILURE_LIMIT``): reached, signing in to that name is
paused from everywhere, its owner's browser too, until the cool-off has
passed. An address's failures count until a cool-off passes without another
from it (axes then forgets them). A refused attempt during a lock-out checks no
password, so it counts for neither limit (``AXES_RESET_COOL_OFF_ON_FAILURE_
DURING_LOCKOUT`` is off): one address cannot run the account's count up.

Wrong two-factor codes count as failed sign-ins too (``code_failed``).

When a lock begins, ``sign_in_locked`` is sent once with the user name and
its scope, ``"address"`` or ``"account"``; the reminders app emails the
owner (``keepwarm.mail.account_mail``).
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone

ADDRESS = "address"
ACCOUNT = "account"

sign_in_locked = Signal()
"""Sent once when a lock-out begins: ``username`` (as typed), ``scope``
(``ADDRESS`` or ``ACCOUNT``) and ``request``."""

SCOPE_ATTRIBUTE = "keepwarm_lock_scope"


def account_limit() -> int:
    return int(settings.KEEPWARM_ACCOUNT_FAILURE_LIMIT)


def account_failures(username: str | None, request: HttpRequest | None = None) -> int:
    """Failed sign-ins to ``username`` from every address within the cool-off."""
    if not username:
        return 0
    if request is not None and getattr(request, "axes_attempt_time", None):
        since = get_cool_off_threshold(request)
    else:
        since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    return int(recent.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class Handler(AxesDatabaseHandler):
    """axes' database handler with the per-account limit and the lock notice."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """The failures that count against ``AXES_FAILURE_LIMIT``: this name's
        from this address, or the limit itself once the name's failures from
        every address reach the account limit. Says which on the request."""
        here = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        username = get_client_username(request, credentials)
        if account_failures(username, request) >= account_limit():
            setattr(request, SCOPE_ATTRIBUTE, ACCOUNT)
            return max(here, limit)
        setattr(request, SCOPE_ATTRIBUTE, ADDRESS)
        return here

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        # Refused by a lock already in place: the backend said so before this.
        already = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or already or not getattr(request, "axes_locked_out", False):
            return
        sign_in_locked.send(
            sender=type(self),
            username=get_client_username(request, credentials),
            scope=getattr(request, SCOPE_ATTRIBUTE, ADDRESS),
            request=request,
        )


def is_locked(request: HttpRequest, username: str) -> bool:
    """Whether signing in to ``username`` from this request is paused now."""
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def lock_scope(request: HttpRequest) -> str:
    """Which limit the lock-out of this request comes from (after a check)."""
    return str(getattr(request, SCOPE_ATTRIBUTE, ADDRESS))


def code_failed(request: HttpRequest, username: str) -> None:
    """A wrong two-factor code counts as a failed sign-in, for both limits."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def lift(username: str) -> int:
    """End the lock-outs of ``username`` from every address (a new password
    was set); how many records went."""
    from axes.utils import reset

    return int(reset(username=username))
