"""The banner about reminders that cannot go out: dismissing it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from keepwarm.mail import health
from keepwarm.web.forms.reminders import DismissNoticeForm
from keepwarm.web.views.common import safe_next


@login_required
@require_POST
def notice_dismiss(request: HttpRequest) -> HttpResponse:
    """Hide the banner for the situation it showed, for this account only; it
    comes back when the situation changes. By htmx the banner is removed in
    place, else the page is shown again."""
    form = DismissNoticeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Nothing to dismiss.")
    health.dismiss(request.user, form.cleaned_data["situation"])
    if request.htmx:
        return HttpResponse("")
    return redirect(safe_next(request, reverse("home")))
