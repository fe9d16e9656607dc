"""Every page of an account, for tests that read them all: the URL of each named
route that a GET shows, and for a route with an id the account's first row of
its kind. Used by the checks that no page shows a tally (``test_no_tally``),
that no page has broken markup (``test_web_markup``), and that every page fits
a desktop and a phone (``test_browser_pages``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from keepwarm.contacts.models import Person
from keepwarm.occasions.models import CardRun, Gathering, Trip
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp, Touch

# Pages without an id that only make sense as a form post, or leave the session.
SKIP = {"logout", "demo", "signup", "login", "send_test_email", "calendar_regenerate"}
# Pages with an id: which of the account's rows to open.
WITH_ID = {
    "person": Person,
    "person_edit": Person,
    "person_delete": Person,
    "touch_edit": Touch,
    "touch_delete": Touch,
    "followup_edit": FollowUp,
    "followup_delete": FollowUp,
    "card_run": CardRun,
    "trip": Trip,
    "trip_sent": Trip,
    "gathering": Gathering,
    "gathering_edit": Gathering,
    "gathering_invite": Gathering,
    "gathering_answers": Gathering,
}


def _patterns(resolver: Any = None) -> Iterator[URLPattern]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "api":
                continue  # the REST API's JSON: tests/api/ (not a page)
            yield from _patterns(entry)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIP:
            yield entry


def page_urls(user: Any) -> Iterator[str]:
    """The URL of every page of ``user``'s account (routes with an id: those
    whose kind of row the account has)."""
    for entry in _patterns():
        if entry.pattern.converters:
            model = WITH_ID.get(entry.name)
            row = owned(model, user).order_by("id").first() if model else None
            if row is not None:
                yield reverse(entry.name, args=[row.pk])
        else:
            yield reverse(entry.name)
