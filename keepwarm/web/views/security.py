"""Settings, sign-in and security: the password, two-factor sign-in with its
recovery codes, and the account's signed-in sessions.

The demo account, shared by every visitor, has none of it: each page is a 404.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from keepwarm.accounts import sessions, two_factor
from keepwarm.accounts.models import AccountSession
from keepwarm.mail import outbox
from keepwarm.owned import get_owned_or_404
from keepwarm.web.forms.security import CodeForm, PasswordConfirmForm
from keepwarm.web.views.signin import wait_message

CODES_KEY = "keepwarm_new_recovery_codes"


def own_account(view: Any) -> Any:
    """Signed in, and not the shared demo account."""

    @login_required
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_demo:
            raise Http404("The demo account is shared: it has no sign-in settings.")
        return view(request, *args, **kwargs)

    return checked


@own_account
@require_http_methods(["GET"])
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "two_factor_on": two_factor.is_on(user),
        "two_factor_since": two_factor.since(user),
        "codes_left": two_factor.recovery_codes_left(user),
        "sessions": sessions.listed(user, request.session.session_key),
        "mail_set_up": outbox.email_configured(),
    }
    return render(request, "web/settings/security.html", context)


# Sessions ------------------------------------------------------------------------


@own_account
@require_http_methods(["GET", "POST"])
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_owned_or_404(AccountSession, request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if session.session_key == request.session.session_key:
        logout(request)
        messages.info(request, "You are logged out. See you soon.")
        return redirect("login")
    sessions.end(session)
    messages.success(request, "That session is logged out: it needs the password again.")
    return redirect("security")


@own_account
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    ended = sessions.end_others(request.user, keep=request.session.session_key)
    if ended:
        others = "1 other session is" if ended == 1 else f"{ended} other sessions are"
        messages.success(request, f"{others} logged out. Only this browser is still logged in.")
    else:
        messages.info(request, "No other session was logged in.")
    return redirect("security")


# Two-factor ------------------------------------------------------------------------


def qr_svg(address: str) -> str:
    """The QR code of ``address`` as an SVG to put in the page."""
    code = segno.make(address, error="m")
    svg: str = code.svg_inline(scale=5, border=2, dark="#1f2a37", light="#ffffff", omitsize=True)
    # Made here from the secret and the user name, which segno writes into no text.
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="QR code" ', 1))


@sensitive_post_parameters("code")
@never_cache
@own_account
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if two_factor.is_on(user):
        messages.info(request, "Two-factor sign-in is already on.")
        return redirect("security")
    device = two_factor.pending_device(user) or two_factor.start(user)
    form = CodeForm(request.POST if request.method == "POST" else None, recovery=False)
    if request.method == "POST" and form.is_valid():
        verdict = two_factor.confirm(user, form.cleaned_data["code"])
        if verdict.accepted:
            request.session[CODES_KEY] = two_factor.new_recovery_codes(user)
            messages.success(request, "Two-factor sign-in is on.")
            return redirect("recovery_codes")
        form.add_error("code", _setup_error(verdict))
    context = {
        "form": form,
        "qr": qr_svg(two_factor.setup_url(device)),
        "secret": two_factor.secret(device),
    }
    return render(request, "web/settings/two_factor_setup.html", context)


def _setup_error(verdict: two_factor.Verdict) -> str:
    if verdict.result is two_factor.Result.WAIT:
        return wait_message(verdict.wait)
    return (
        "That code does not match. Type the six digits the app shows for keepwarm now; "
        "if it still fails, check that the phone's clock is set automatically."
    )


@never_cache
@own_account
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once (right after they are made); a POST makes new ones."""
    user = request.user
    if not two_factor.is_on(user):
        return redirect("security")
    if request.method == "POST":
        request.session[CODES_KEY] = two_factor.new_recovery_codes(user)
        messages.success(request, "New recovery codes are made: the old ones work no more.")
        return redirect("recovery_codes")
    codes = request.session.pop(CODES_KEY, None)
    context = {"codes": codes, "codes_left": two_factor.recovery_codes_left(user)}
    return render(request, "web/settings/recovery_codes.html", context)


@sensitive_post_parameters("password")
@own_account
@require_http_methods(["GET", "POST"])
def two_factor_off(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.is_on(user):
        return redirect("security")
    form = PasswordConfirmForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        two_factor.turn_off(user)
        messages.success(request, "Two-factor sign-in is off: your password alone signs you in.")
        return redirect("security")
    return render(request, "web/settings/two_factor_off.html", {"form": form})
