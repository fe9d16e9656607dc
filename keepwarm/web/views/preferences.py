"""Settings: the profile, circles and the touch-kind catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from keepwarm.accounts import two_factor
from keepwarm.accounts.services import profile_of
from keepwarm.contacts.queries import circles_with_counts
from keepwarm.mail import outbox
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind
from keepwarm.web.forms.preferences import CircleFormSet, ProfileForm, TouchKindFormSet
from keepwarm.web.views.accounts import confirmation_sent


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=profile)
    if data is not None and form.is_valid():
        before = request.user.email
        form.save()
        messages.success(request, "Settings saved.")
        user = form.user  # the profile's own copy of the account, as saved
        changed = user.email != before and user.email and not user.sends_email
        if changed and outbox.email_configured():
            confirmation_sent(request, user)  # a new address is confirmed again
        return redirect("settings")
    context = {
        "form": form,
        "mail_set_up": outbox.email_configured(),
        "two_factor_on": two_factor.is_on(request.user),
        "circles": circles_with_counts(request.user),
        "kinds": owned(TouchKind, request.user),
    }
    return render(request, "web/settings/settings.html", context)


def _formset_page(
    request: HttpRequest, formset_class: type, prefix: str, template: str, saved: str
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    formset = formset_class(data, user=request.user, prefix=prefix)
    if data is not None and formset.is_valid() and formset.save_all():
        messages.success(request, saved)
        return redirect(prefix)
    return render(request, template, {"formset": formset, "prefix": prefix})


@login_required
@require_http_methods(["GET", "POST"])
def circles(request: HttpRequest) -> HttpResponse:
    return _formset_page(
        request, CircleFormSet, "circles", "web/settings/circles.html", "Circles saved."
    )


@login_required
@require_http_methods(["GET", "POST"])
def kinds(request: HttpRequest) -> HttpResponse:
    return _formset_page(
        request, TouchKindFormSet, "kinds", "web/settings/kinds.html", "Touch kinds saved."
    )
