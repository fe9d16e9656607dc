"""Signing in, second step: the code of an account with two-factor on, and the
page shown while signing in is paused (django-axes calls ``locked_out``).

After the right password, an account with two-factor on is not signed in yet:
the session holds a pending sign-in (``begin``) for ``PENDING_FOR``, and the
code page signs it in once a code from the app, or a recovery code, matches.
A wrong code counts as a failed sign-in (``throttle.code_failed``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from keepwarm.accounts import throttle, two_factor
from keepwarm.mail import outbox
from keepwarm.web.forms.security import CodeForm

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

PENDING_KEY = "keepwarm_pending_sign_in"
PENDING_FOR = 5 * 60  # seconds between the password and the code
FEW_CODES_LEFT = 3


def begin(request: HttpRequest, user: User, next_url: str) -> None:
    """The password was right: wait for the code before signing ``user`` in."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "hash": user.get_session_auth_hash(),
        "next": next_url,
        "at": time.time(),
    }


def pending(request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
    """The user waiting for their code, and the pending sign-in; None when
    there is none, it is too old, or the password changed since."""
    found = request.session.get(PENDING_KEY)
    if not isinstance(found, dict):
        return None
    if not 0 <= time.time() - float(found.get("at", 0)) <= PENDING_FOR:
        forget(request)
        return None
    user = get_user_model().objects.filter(pk=found.get("user"), is_active=True).first()
    if user is None or user.get_session_auth_hash() != found.get("hash"):
        forget(request)
        return None
    return user, found


def forget(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    waiting = pending(request)
    if waiting is None:
        if request.user.is_authenticated:
            return redirect("home")
        messages.info(request, "Sign in with your password first.")
        return redirect("login")
    user, state = waiting
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if throttle.is_locked(request, user.username):
            forget(request)
            return locked_out(request, credentials={"username": user.username})
        verdict = two_factor.verify(user, form.cleaned_data["code"])
        if verdict.accepted:
            return _signed_in(request, user, state, verdict)
        if verdict.result is two_factor.Result.WAIT:
            form.add_error("code", wait_message(verdict.wait))
        else:
            throttle.code_failed(request, user.username)
            if getattr(request, "axes_locked_out", False):
                forget(request)
                return locked_out(request, credentials={"username": user.username})
            form.add_error(
                "code",
                "That code is not right. Check that it is for keepwarm and the newest the "
                "app shows; a recovery code works once.",
            )
    return render(request, "registration/login_code.html", {"form": form, "pending_user": user})


def wait_message(seconds: int) -> str:
    """Why a code was not even tried: the last wrong ones were too recent."""
    if seconds < 60:
        wait = "a second" if seconds == 1 else f"{seconds} seconds"
    else:
        minutes = -(-seconds // 60)
        wait = f"{minutes} minutes" if minutes < 120 else f"{-(-minutes // 60)} hours"
    return f"Too many wrong codes in a row: wait {wait}, then try the newest code."


def _signed_in(
    request: HttpRequest, user: User, state: dict[str, Any], verdict: two_factor.Verdict
) -> HttpResponse:
    forget(request)
    login(request, user, backend=state["backend"])
    if verdict.result is two_factor.Result.RECOVERY:
        left = two_factor.recovery_codes_left(user)
        if left <= FEW_CODES_LEFT:
            messages.warning(
                request,
                f"You signed in with a recovery code; {left} of them "
                f"{'is' if left == 1 else 'are'} left. Make new ones in Settings, "
                "Sign-in and security.",
            )
        else:
            messages.info(request, "You signed in with a recovery code: it works no more.")
    return redirect(state.get("next") or settings.LOGIN_REDIRECT_URL)


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The page shown while signing in is paused (``AXES_LOCKOUT_CALLABLE``)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    forget(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": username,
        "everywhere": throttle.lock_scope(request) == throttle.ACCOUNT,
        "cooloff_timedelta": settings.AXES_COOLOFF_TIME,
        "reset_by_email": outbox.email_configured(),
    }
    return render(request, "registration/locked_out.html", context, status=429)
