"""Outgoing email: what waits, what failed (with a retry), and a test email."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from keepwarm.accounts.services import runs_server
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage
from keepwarm.owned import get_owned_or_404


@login_required
@require_http_methods(["GET"])
def outbox_page(request: HttpRequest) -> HttpResponse:
    page = {**outbox.overview(request.user), "runs_server": runs_server(request.user)}
    return render(request, "web/outbox/outbox.html", page)


@login_required
@require_http_methods(["POST"])
def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_owned_or_404(OutboxMessage, request.user, pk=pk)
    if outbox.retry(request.user, message):
        messages.success(
            request,
            f"“{message.subject}” goes out again at the next run of the worker, within a minute.",
        )
    elif message.status == OutboxMessage.Status.SENDING:
        messages.info(request, f"“{message.subject}” is being sent right now.")
    else:
        messages.info(request, f"“{message.subject}” was already sent.")
    return redirect("outbox")


@login_required
@require_http_methods(["POST"])
def send_test_email(request: HttpRequest) -> HttpResponse:
    try:
        message = outbox.send_test(request.user)
    except (outbox.EmailNotConfigured, outbox.NoAddress) as exc:
        messages.error(request, str(exc))
        return redirect("outbox")
    except outbox.SendingRefused as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("outbox")
    except ValidationError:
        messages.error(request, "The email address is not valid: correct it first.")
        return redirect("outbox")
    if message.status == OutboxMessage.Status.SENT:
        messages.success(
            request, f"Test email sent to {message.to}. It should arrive in a minute or two."
        )
    elif message.status == OutboxMessage.Status.FAILED:
        messages.error(
            request, f"The test email to {message.to} was not sent. {message.last_error}"
        )
    else:  # another worker took it first
        messages.info(request, f"The test email to {message.to} is on its way.")
    return redirect("outbox")
