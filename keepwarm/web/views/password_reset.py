"""A forgotten password: a link by email when mail is set up, else the
administrator (``keepwarm resetpassword``).

The request page answers the same whether an account has the address or not,
and takes as long: the link is queued, not sent in the request
(``keepwarm.mail.account_mail``). Each address a request comes from may
ask ``REQUESTS_PER_HOUR`` times an hour; each account gets one link per ten
minutes and five a day, silently. Choosing the new password signs the account
out everywhere and lifts a sign-in lock-out.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from keepwarm.accounts import sessions, throttle
from keepwarm.mail import account_mail, outbox
from keepwarm.web.forms.security import ResetRequestForm

REQUESTS_PER_HOUR = 10
SENT_TO_KEY = "keepwarm_reset_sent_to"


def _over_limit(request: HttpRequest) -> bool:
    """Count this request for its address; True past ``REQUESTS_PER_HOUR``."""
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"keepwarm:reset-requests:{sessions.client_address(request)}:{hour}"
    cache.add(key, 0, timeout=60 * 60)
    return int(cache.incr(key)) > REQUESTS_PER_HOUR


@require_http_methods(["GET", "POST"])
def request_reset(request: HttpRequest) -> HttpResponse:
    if not outbox.email_configured():
        return render(request, "registration/password_reset.html", {"by_email": False})
    form = ResetRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if _over_limit(request):
            form.add_error(
                None,
                "Many reset links were asked for from your address in the last hour: "
                "try again in an hour.",
            )
        else:
            address = form.cleaned_data["email"]
            account_mail.send_password_reset(address)
            request.session[SENT_TO_KEY] = address
            return redirect("password_reset_sent")
    return render(request, "registration/password_reset.html", {"by_email": True, "form": form})


@require_http_methods(["GET"])
def reset_sent(request: HttpRequest) -> HttpResponse:
    address = request.session.get(SENT_TO_KEY)
    if not address:
        return redirect("password_reset")
    return render(request, "registration/password_reset_sent.html", {"address": address})


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link in the email: choose a new password (Django checks the token,
    and moves it into the session so that it leaves no trace in the address)."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("login")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "label_suffix": ""}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        sessions.end_others(user)
        throttle.lift(user.get_username())
        messages.success(
            self.request,
            "Your password is changed and every session of the account is signed out. "
            "Sign in with the new password.",
        )
        return response
