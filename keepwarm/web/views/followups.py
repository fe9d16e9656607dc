"""Follow-ups: the tabbed list, done/undo, and the add, edit and delete forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from keepwarm.owned import get_owned_or_404
from keepwarm.touches import queries
from keepwarm.touches.models import FollowUp
from keepwarm.touches.services import (
    add_follow_up,
    complete_follow_up,
    delete_follow_up,
    update_follow_up,
)
from keepwarm.web import paging
from keepwarm.web.forms.touches import FollowUpForm, FollowUpTabForm
from keepwarm.web.views import home_panels
from keepwarm.web.views.common import annotate, confirm_delete, form_page, safe_next

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

PAGE_SIZE = 50


def _tabs(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(name, label, count) for each tab, in order."""
    return [(name, label, counts[name]) for name, label in FollowUpTabForm.TABS]


@login_required
@require_http_methods(["GET"])
def followup_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    counts = queries.follow_up_counts(request.user, today)
    tab = FollowUpTabForm(request.GET).tab_or(queries.default_follow_up_tab(counts))
    page = paging.page_of(request, queries.follow_ups_in(request.user, tab, today), PAGE_SIZE)
    context = {
        "tab": tab,
        "tabs": _tabs(counts),
        "page": page,
        "rows": annotate(page, today),
        "next": request.get_full_path(),
    }
    return render(request, "web/followups/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_owned_or_404(FollowUp, request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    done = request.POST.get("done", "1") != "0"
    complete_follow_up(follow_up, done=done)
    back = safe_next(request, reverse("followups"))
    if request.htmx:
        return _row(request, follow_up, back)
    if done:
        messages.success(request, f"Done: “{follow_up.text}”.")
    else:
        messages.info(request, f"“{follow_up.text}” is open again.")
    return redirect(back)


def _row(request: HttpRequest, follow_up: FollowUp, back: str) -> HttpResponse:
    """The row again; on the follow-ups page (which posts its ``tab``) the tab
    counts too, and on the home page its counts and greeting line, out of band."""
    today = timezone.localdate()
    context: dict[str, Any] = {"f": annotate([follow_up], today)[0], "next": back}
    tab = FollowUpTabForm(request.POST).tab_or("")
    if tab:
        counts = queries.follow_up_counts(request.user, today)
        context.update(tab=tab, oob_tabs=True, tabs=_tabs(counts))
    if home_panels.from_home(request):
        context.update(home_panels.after_follow_up(request.user, today), home=True)
    return render(request, "web/followups/_answer.html", context)


def _save(follow_up: FollowUp | None, user: User) -> Callable[[FollowUpForm], str]:
    """Add a follow-up (``follow_up`` None) or change one; returns the message."""

    def save(form: FollowUpForm) -> str:
        data = form.cleaned_data
        if follow_up is None:
            add_follow_up(user, data["person"], data["text"], data["due"])
            return f"Follow-up added for {data['person']}."
        update_follow_up(follow_up, data["person"], data["text"], data["due"])
        return "Follow-up saved."

    return save


@login_required
@require_http_methods(["GET", "POST"])
def followup_new(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = FollowUpForm(data, user=request.user, preselect=request.GET.get("person"))

    def done_url(form: FollowUpForm) -> str:
        person = form.cleaned_data["person"]
        return person.get_absolute_url() if request.GET.get("person") else reverse("followups")

    return form_page(request, form, "web/followups/form.html", _save(None, request.user), done_url)


@login_required
@require_http_methods(["GET", "POST"])
def followup_edit(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_owned_or_404(FollowUp.objects.select_related("person"), request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = FollowUpForm(data, user=request.user, instance=follow_up)
    return form_page(
        request,
        form,
        "web/followups/form.html",
        _save(follow_up, request.user),
        lambda form: reverse("followups"),
        {"follow_up": follow_up},
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_delete(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_owned_or_404(FollowUp.objects.select_related("person"), request.user, pk=pk)

    def delete() -> str:
        delete_follow_up(follow_up)
        return f"Deleted the follow-up “{follow_up.text}”."

    return confirm_delete(
        request,
        "web/followups/delete.html",
        {"follow_up": follow_up},
        delete,
        reverse("followups"),
    )
