"""Settings, API tokens: make one (its secret shown once, on the page that
answers the form), see them, revoke one. The tokens themselves live in
``keepwarm.accounts.tokens``, shared with ``keepwarm token`` and the API.

The secret goes into no session, message or URL: it is in the one answer to
the form that made it, which no cache keeps. Like sign-in and security, the
shared demo account has none of it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from keepwarm.accounts import tokens
from keepwarm.web.forms.tokens import TokenForm
from keepwarm.web.forms.touches import apply_errors
from keepwarm.web.views.security import own_account


@never_cache
@own_account
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            made = tokens.create_token(request.user, **form.made())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = TokenForm()
    if form.errors:
        form.focus_first_error()
    context = {"form": form, "made": made, "tokens": tokens.tokens_of(request.user)}
    return render(request, "web/settings/api_tokens.html", context)


@own_account
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    gone = tokens.revoke_by_id(request.user, pk)
    if gone is None:
        raise Http404("No API token found.")
    messages.success(request, f"The token “{gone.name}” is revoked: it works no more.")
    return redirect("api_tokens")
