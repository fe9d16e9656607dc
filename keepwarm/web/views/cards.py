"""Holiday-card runs: recipients, households, mark sent, CSV for mail merge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from keepwarm.lib.words import short_date
from keepwarm.occasions import card_runs
from keepwarm.occasions.models import CardRecipient, CardRun
from keepwarm.occasions.seasons import season_name
from keepwarm.owned import get_owned_or_404
from keepwarm.web.forms.cards import CardRunForm, MarkSentForm, RecipientStatusForm
from keepwarm.web.forms.touches import apply_errors

Status = CardRecipient.Status
SWITCHES = (
    (Status.ASK_ADDRESS, "Ask for the address"),
    (Status.CALL_INSTEAD, "Call instead"),
    (Status.LEFT_OUT, "Leave out"),
)


@login_required
@require_http_methods(["GET"])
def runs_page(request: HttpRequest) -> HttpResponse:
    runs = card_runs.listing(request.user, timezone.localdate())
    return render(request, "web/cards/list.html", {"runs": runs})


@login_required
@require_http_methods(["GET", "POST"])
def card_run_new(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = CardRunForm(data, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = card_runs.create_run(
                request.user,
                d["name"],
                form.season_key(),
                (d["send_from"], d["send_until"]),
                d["circles"],
                d["tags"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            stats = card_runs.run_stats(run)
            messages.success(request, f"{run.name}: {stats.cards} cards proposed.")
            return redirect("card_run", pk=run.pk)
    windows = {
        s.choice: {
            "from": s.send_from.isoformat(),
            "until": s.send_until.isoformat(),
            "name": f"{s.name} cards {s.send_until.year}",
        }
        for s in form.seasons
    }
    return render(request, "web/cards/new.html", {"form": form, "windows": windows})


def _rows(run: CardRun) -> QuerySet[CardRecipient]:
    return run.recipients.select_related("address", "touch").prefetch_related("people")


@login_required
@require_http_methods(["GET", "POST"])
def card_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_owned_or_404(CardRun, request.user, pk=pk)
    if request.method == "POST":
        return _change(request, run)
    return _page(request, run)


def _page(request: HttpRequest, run: CardRun, **context: object) -> HttpResponse:
    rows, today = _rows(run), timezone.localdate()
    page = {
        "run": run,
        "phase": run.phase_on(today),
        "stats": card_runs.run_stats(run),
        "to_send": list(rows.to_send()),
        "sent": list(rows.sent()),
        "no_address": list(rows.without_address()),
        "left_out": list(rows.left_out()),
        "today": today,
        "sent_form": context.pop("sent_form", None) or MarkSentForm(run=run),
        "circles": run.circles.all(),
        "season_name": season_name(run.season),
        "switches": SWITCHES,
        "tags": run.tags.all(),
        **context,
    }
    return render(request, "web/cards/run.html", page, status=200)


def _change(request: HttpRequest, run: CardRun) -> HttpResponse:
    """A card's status from its row, or proposing again after addresses were added."""
    if request.POST.get("action") == "refresh":
        to_send = card_runs.refresh_run(run)
        messages.success(request, f"Proposed again from your circles and tags: {to_send} to send.")
        return redirect("card_run", pk=run.pk)
    form = RecipientStatusForm(request.POST, run=run)
    if form.is_valid():
        recipient = form.cleaned_data["recipient"]
        try:
            card_runs.set_status(recipient, form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"{recipient.name_on_card}: {recipient.get_status_display()}."
            )
        return redirect("card_run", pk=run.pk)
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return _page(request, run)


@login_required
@require_http_methods(["GET", "POST"])
def card_run_sent(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_owned_or_404(CardRun, request.user, pk=pk)
    if request.method != "POST":
        return redirect("card_run", pk=run.pk)
    form = MarkSentForm(request.POST, run=run)
    if not form.is_valid():
        return _page(request, run, sent_form=form)
    chosen, day = form.cleaned_data["cards"], form.cleaned_data["date"]
    try:
        if form.cleaned_data["action"] == "undo":
            done = card_runs.mark_unsent(run, chosen)
            messages.success(request, f"Undone: {_cards(done)} to send again.")
        else:
            done = card_runs.mark_sent(run, chosen, day)
            messages.success(request, f"Marked {_cards(done)} sent on {short_date(day)}.")
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _page(request, run, sent_form=form)
    return redirect("card_run", pk=run.pk)


def _cards(count: int) -> str:
    return f"{count} card" if count == 1 else f"{count} cards"


@login_required
@require_http_methods(["GET", "POST"])
def card_run_csv(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_owned_or_404(CardRun, request.user, pk=pk)  # another's run is a 404, by any method
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    data, _ = card_runs.recipients_csv(run)
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    name = slugify(run.name) or "cards"
    response["Content-Disposition"] = f'attachment; filename="{name}-recipients.csv"'
    return response
