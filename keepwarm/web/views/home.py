"""The home page, and the welcome page of a keepwarm with no account yet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from keepwarm.accounts.services import demo_open, has_accounts
from keepwarm.contacts.queries import has_people
from keepwarm.contacts.services import default_circle
from keepwarm.imports.sorting import waiting_count
from keepwarm.touches import queries
from keepwarm.warmcalls.outcomes import active_hunt, hunt_follow_ups
from keepwarm.web.views.agenda import agenda_context
from keepwarm.web.views.followups import annotate

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


def greeting(hour: int) -> str:
    if 5 <= hour < 12:
        return "Good morning"
    if 12 <= hour < 18:
        return "Good afternoon"
    return "Good evening"


BIRTHDAYS_SHOWN = 8
"""Birthdays the home page lists; the rest of the fortnight's are counted and on
the occasions page (a large network has a few hundred)."""


def _birthdays(user: User, today: Any) -> dict[str, Any]:
    shown, count = queries.first_coming_birthdays(user, today, BIRTHDAYS_SHOWN)
    return {"birthdays": shown, "more_birthdays": count - len(shown)}


def _first_hour(user: User) -> dict[str, Any]:
    """Newcomers of imports waiting to be sorted; for an account with nobody
    yet, the ways in: an import, the demo (where it is open), one by hand."""
    anyone = has_people(user)
    context: dict[str, Any] = {"anyone": anyone, "waiting": waiting_count(user) if anyone else 0}
    if not anyone:
        context.update(demo_available=demo_open(), default_circle=default_circle(user))
    return context


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        if has_accounts():
            return redirect("login")
        # No account yet: sign-up, and so the demo, are open (see ``demo_open``).
        return render(request, "web/welcome.html")
    user = request.user
    today = timezone.localdate()
    hunt = active_hunt(user)
    hunt_rows = annotate(hunt_follow_ups(user, hunt, today), today) if hunt else []
    shown = {f.pk for f in hunt_rows}
    context = {
        "greeting": greeting(timezone.localtime().hour),
        "today": today,
        "stats": queries.home_stats(user, today),
        "follow_ups": [
            f for f in annotate(queries.follow_ups_due(user, today), today) if f.pk not in shown
        ],
        "hunt": hunt,
        "hunt_follow_ups": hunt_rows,
        **_birthdays(user, today),
        **_first_hour(user),
        "recent": queries.recent_touches(user),
        "cold": queries.gone_quiet(user, today),
        "birthday_days": queries.BIRTHDAY_WINDOW_DAYS,
        **agenda_context(request, today),
    }
    return render(request, "web/home/home.html", context)
