"""Job-hunt mode: the goal, the ranked warm calls with their call cards, and
logging how a call went."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from keepwarm.warmcalls.call_cards import cards_for
from keepwarm.warmcalls.models import JobHunt
from keepwarm.warmcalls.outcomes import active_hunt, called, end_hunt, log_outcome, set_goal
from keepwarm.warmcalls.ranking import Goal, ranked_calls, warm_enough
from keepwarm.web import paging
from keepwarm.web.forms.touches import apply_errors
from keepwarm.web.forms.warmcalls import GoalForm, OutcomeForm, SearchForm

PAGE_SIZE = 20
STARTED = "Job-hunt mode is on: here is whom to call, warmest first."


def _ranked_context(request: HttpRequest, hunt: JobHunt, search: SearchForm) -> dict[str, Any]:
    company = search.company_or_empty()
    base = goal = Goal.of(hunt)
    calls = ranked_calls(request.user, goal, company)
    if company:
        goal = replace(goal, companies=(company,))
    page = paging.page_of(request, calls, PAGE_SIZE)
    latest = called(request.user, hunt, [c.person for c in page])
    cards = cards_for(request.user, list(page), timezone.localdate(), goal=goal)
    for card in cards:
        card.last_call = latest.get(card.person.pk)  # type: ignore[attr-defined]
    return {
        "hunt": hunt,
        "goal": base,
        "company": company,
        "calls": calls,
        "page": page,
        "cards": cards,
        "warm_count": warm_enough(calls),
        "outcomes": OutcomeForm.base_fields["outcome"].choices,
    }


def _page(request: HttpRequest, *, outcome_form: OutcomeForm | None = None) -> HttpResponse:
    hunt = active_hunt(request.user)
    if hunt is None:
        return render(request, "web/warmcalls/off.html")
    search = SearchForm(request.GET)
    context = _ranked_context(request, hunt, search)
    context.update(search=search, outcome_form=outcome_form, next=request.get_full_path())
    return render(request, "web/warmcalls/list.html", context)


@login_required
@require_http_methods(["GET"])
def warm_calls(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_http_methods(["GET", "POST"])
def job_hunt_goal(request: HttpRequest) -> HttpResponse:
    hunt = active_hunt(request.user)
    data = request.POST if request.method == "POST" else None
    form = GoalForm(data, instance=hunt or JobHunt(owner=request.user), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _, started = set_goal(request.user, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, STARTED if started else "Goal saved.")
            return redirect("warm_calls")
    return render(request, "web/warmcalls/goal.html", {"form": form, "hunt": hunt})


@login_required
@require_POST
def call_outcome(request: HttpRequest) -> HttpResponse:
    hunt = active_hunt(request.user)
    if hunt is None:
        messages.info(request, "Switch on job-hunt mode first: then log how your calls went.")
        return redirect("warm_calls")
    form = OutcomeForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, outcome_form=form)
    person = form.cleaned_data["person"]
    try:
        logged = log_outcome(
            request.user, hunt, person, form.cleaned_data["outcome"], form.cleaned_data["note"]
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _page(request, outcome_form=form)
    messages.success(request, logged.message(timezone.localdate()))
    return redirect(_back(form.cleaned_data["company"], person.pk))


def _back(company: str, person_id: int) -> str:
    query = f"?{urlencode({'company': company})}" if company.strip() else ""
    return f"{reverse('warm_calls')}{query}#call-{person_id}"


@login_required
@require_POST
def job_hunt_end(request: HttpRequest) -> HttpResponse:
    if end_hunt(request.user) is None:
        messages.info(request, "Job-hunt mode is already off.")
        return redirect("warm_calls")
    messages.success(request, "Job-hunt mode is off. Good luck with what comes next!")
    return redirect("home")
