"""Coming occasions, greeting templates, and sending a greeting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from keepwarm.contacts.models import Person
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage, settings_of
from keepwarm.occasions import coming, greetings
from keepwarm.owned import get_owned_or_404, parse_id
from keepwarm.web.forms.greetings import DraftForm, OccasionForm, TemplateForm, occasion_or_default
from keepwarm.web.forms.touches import apply_errors
from keepwarm.web.views.common import safe_next

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


@login_required
@require_http_methods(["GET"])
def occasions(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    found = coming.coming(request.user, today)
    context = {
        "today": today,
        "days": coming.DAYS,
        "dates": [c for c in found if not c.gentle],
        "gentle": [c for c in found if c.gentle],
        "autosend": settings_of(request.user).birthday_autosend,
    }
    return render(request, "web/greetings/occasions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def greeting_templates(request: HttpRequest) -> HttpResponse:
    templates = greetings.templates_of(request.user)
    posted = OccasionForm(request.POST) if request.method == "POST" else None
    chosen = posted.cleaned_data["occasion"] if posted and posted.is_valid() else None
    if posted is not None and chosen is None:
        messages.error(request, "Pick one of the four occasions.")
        return redirect("greeting_templates")
    forms = {
        occasion: TemplateForm(
            request.POST if occasion == chosen else None, instance=template, prefix=occasion
        )
        for occasion, template in templates.items()
    }
    if chosen and request.POST.get("action") != "preview" and forms[chosen].is_valid():
        forms[chosen].save()
        label = greetings.Occasion(chosen).label
        messages.success(request, f"Your {label} greeting is saved.")
        return redirect(f"{reverse('greeting_templates')}#{chosen}")
    cards = [_card(request.user, occasion, form) for occasion, form in forms.items()]
    context = {"cards": cards, "placeholders": greetings.PLACEHOLDERS, "chosen": chosen}
    return render(request, "web/greetings/templates.html", context)


def _card(user: User, occasion: str, form: TemplateForm) -> dict[str, Any]:
    """One occasion's form with its preview (of what was typed, when it was posted)."""
    if form.is_bound:
        subject, body = (
            form.data.get(form.add_prefix("subject"), ""),
            form.data.get(form.add_prefix("body"), ""),
        )
    else:
        subject, body = form.instance.subject, form.instance.body
    shown_subject, shown_body = greetings.preview(user, str(subject), str(body))
    label = greetings.Occasion(occasion).label
    return {
        "occasion": occasion,
        "label": label,
        "form": form,
        "subject": shown_subject,
        "body": shown_body,
    }


def _person(request: HttpRequest) -> Person:
    """The person named by ``person`` (query or form): the user's own, else 404."""
    pk = parse_id(request.POST.get("person") or request.GET.get("person"))
    if pk is None:
        raise Http404("No such person.")
    return get_owned_or_404(Person, request.user, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def greeting_send(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if person.deceased:
        messages.info(request, f"{person.display_name} has died: keepwarm sends them nothing.")
        return redirect(person.get_absolute_url())
    source = request.POST if request.method == "POST" else request.GET
    occasion = occasion_or_default(source.get("occasion"))
    draft = greetings.draft_for(request.user, person, occasion)
    action = request.POST.get("action", "")
    if request.method != "POST":
        form = DraftForm(
            initial={"to": draft.to, "subject": draft.subject, "body": draft.body},
            emails=draft.emails,
        )
        return _draft_page(request, draft, form)
    form = DraftForm(request.POST, emails=draft.emails, by_email=action == "send")
    if not form.is_valid():
        return _draft_page(request, draft, form)
    edited = greetings.Draft(
        person, occasion, draft.emails, form.cleaned_data["subject"], form.cleaned_data["body"]
    )
    if action == "sent":
        return _sent_by_hand(request, edited, form)
    return _send(request, edited, form)


def _done_url(request: HttpRequest) -> str:
    return safe_next(request, reverse("occasions"))


def _sent_by_hand(request: HttpRequest, draft: greetings.Draft, form: DraftForm) -> HttpResponse:
    try:
        touch = greetings.sent_by_hand(request.user, draft)
    except ValidationError as exc:
        apply_errors(form, exc)
        return _draft_page(request, draft, form)
    messages.success(request, f"Logged: {touch.kind.label} for {draft.person.display_name}.")
    return redirect(_done_url(request))


def _send(request: HttpRequest, draft: greetings.Draft, form: DraftForm) -> HttpResponse:
    try:
        outcome = greetings.send(request.user, draft, form.cleaned_data["to"])
    except outbox.EmailNotConfigured as exc:
        form.add_error(None, str(exc) + " Copy the greeting or open it in your mail app instead.")
        return _draft_page(request, draft, form)
    except ValidationError as exc:
        apply_errors(form, exc)
        return _draft_page(request, draft, form)
    message = outcome.message
    if outcome.sent:
        messages.success(
            request,
            f"Sent to {draft.person.display_name} ({message.to}); logged as {outcome.kind.label}.",
        )
        return redirect(_done_url(request))
    if message.status == OutboxMessage.Status.SENDING:
        messages.info(request, "It is being sent right now; the touch is logged once it is out.")
        return redirect(_done_url(request))
    form.add_error(
        None,
        f"Not sent yet. {message.last_error} It waits in the outbox and is tried again "
        "in a few minutes; the touch is logged once it goes out. Or copy it and send it "
        "yourself, then press “I sent it”.",
    )
    return _draft_page(request, draft, form)


def _draft_page(request: HttpRequest, draft: greetings.Draft, form: DraftForm) -> HttpResponse:
    context = {
        "draft": draft,
        "form": form,
        "person": draft.person,
        "occasion_label": greetings.Occasion(draft.occasion).label,
        "email_ready": outbox.email_configured(),
        "refused": outbox.refusal(request.user, OutboxMessage.Kind.GREETING),
        "next": safe_next(request, ""),
        "occasions": greetings.Occasion.choices,
    }
    return render(request, "web/greetings/send.html", context)
