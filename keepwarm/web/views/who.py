"""Who do I know at …? People by company (past ones too), industry, role, tags and notes."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from keepwarm.planner.warmth import label
from keepwarm.warmcalls import search
from keepwarm.web.forms.who import WhoForm

LIMIT = 200


@dataclass(frozen=True)
class Row:
    """One person found, with the word for their warmth."""

    match: search.Match

    @property
    def warmth_label(self) -> str:
        return "" if self.match.warmth is None else label(self.match.warmth)


@login_required
@require_http_methods(["GET"])
def who_do_i_know(request: HttpRequest) -> HttpResponse:
    form = WhoForm(request.GET if request.GET else None)
    rows: list[Row] = []
    searched = False
    if form.is_bound and form.is_valid() and form.criteria():
        searched = True
        rows = [Row(m) for m in search.who_do_i_know(request.user, **form.criteria(), limit=LIMIT)]
    context = {"form": form, "rows": rows, "searched": searched, "limit": LIMIT}
    return render(request, "web/who/who.html", context)
