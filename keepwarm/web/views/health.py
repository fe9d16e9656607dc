"""The network at a glance: warmth by circle, touches against the target,
breadth, who went cold lately, coming occasions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from keepwarm.lib.words import WARMTH_WORDS
from keepwarm.planner.warmth import COLD_BELOW, WARM_FROM
from keepwarm.plans.health import network_health
from keepwarm.web import charts

WENT_COLD_SHOWN = 12


@login_required
@require_GET
def health_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    health = network_health(request.user, today)
    circles = [
        (row, charts.stacked([(word, row.count(word)) for word in WARMTH_WORDS]))
        for row in health.circles
    ]
    context = {
        "health": health,
        "today": today,
        "circles": circles,
        "totals": [(word, health.total(word)) for word in WARMTH_WORDS],
        "months": charts.month_chart(health.months, health.monthly_target),
        "went_cold": health.went_cold[:WENT_COLD_SHOWN],
        "more_cold": max(0, len(health.went_cold) - WENT_COLD_SHOWN),
        "warm_from": WARM_FROM,
        "cold_below": COLD_BELOW,
        "stack_width": charts.STACK_WIDTH,
    }
    return render(request, "web/health/dashboard.html", context)
