"""How pages word things: the two date styles, due dates, how long ago, lists
of names (from ``lib.words``, through the ``words`` template library), long
notes and circle colours; and no template words a count or a time by another
library."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from keepwarm.contacts.models import Circle
from keepwarm.lib import words
from keepwarm.lib.dates import MonthDay
from keepwarm.web.templatetags.people_tags import circle_badge
from tests.conftest import PASSWORD

TODAY = dt.date(2026, 11, 25)
ROOT = Path(__file__).resolve().parents[2]
# Django's own words for counts and times, which lib.words says instead.
OTHER_WORDS = re.compile(r"\|\s*(pluralize|naturaltime|naturalday|timesince|timeuntil)\b")
HUMANIZE = ("intcomma", "floatformat", "intword", "apnumber", "ordinal")


def test_one_short_and_one_long_date_style():
    assert words.short_date(dt.date(2026, 3, 5)) == "5 Mar 2026"
    assert words.long_date(dt.date(2026, 3, 5)) == "5 March 2026"
    assert words.short_date(None) == words.long_date(None) == ""


def test_a_moment_is_dated_in_the_users_time_zone():
    late = dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC)
    with timezone.override("Europe/Berlin"):
        assert render("{{ d|long_date }}", d=late) == "26 November 2026"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (MonthDay(12, 1, 1980), "1 December 1980"),
        (MonthDay(6, 14, None), "14 June"),
        (MonthDay(2, 29, None), "29 February"),
        (None, ""),
    ],
)
def test_birthdays_and_key_dates_use_the_long_style(value, text):
    assert words.month_day(value) == text


@pytest.mark.parametrize(
    ("due", "text"),
    [
        (TODAY, "due today"),
        (TODAY + dt.timedelta(days=1), "due tomorrow"),
        (TODAY - dt.timedelta(days=1), "due yesterday"),
        (TODAY - dt.timedelta(days=5), "5 days overdue"),
        (TODAY + dt.timedelta(days=13), "due in 13 days"),
        (dt.date(2026, 12, 24), "due 24 Dec 2026"),
        (dt.date(2027, 1, 2), "due 2 Jan 2027"),
    ],
)
def test_due_dates_are_said_from_today(due, text):
    assert words.due_phrase(due, TODAY) == text


@pytest.mark.parametrize(
    ("names", "text"),
    [
        ([], ""),
        (["Ann"], "Ann"),
        (["Ann", "Ben"], "Ann and Ben"),
        (["Ann", "Ben", "Cy", "Di"], "Ann, Ben, Cy and Di"),
        (["Ann", "Ben", "Cy", "Di", "Ed"], "Ann, Ben, Cy and 2 others"),
    ],
)
def test_names_fold_past_the_limit_but_never_one_alone(names, text):
    assert words.names_sentence(names) == text


def render(source, **context):
    return Template("{% load display words %}" + source).render(Context(context))


def test_natural_days_then_the_chosen_style(frozen):
    today = dt.date(2026, 11, 25)
    assert render("{{ d|natural_day }}", d=today) == "today"
    assert render("{{ d|natural_day }}", d=today - dt.timedelta(days=1)) == "yesterday"
    assert render("{{ d|natural_day }}", d=dt.date(2026, 3, 2)) == "2 March 2026"
    assert render('{{ d|natural_day:"short" }}', d=dt.date(2026, 3, 2)) == "2 Mar 2026"


def test_a_moment_is_said_since_its_day_in_the_users_time_zone(frozen):
    """A session last seen or a merge made at a moment: "today", "yesterday",
    "5 days ago", counted by the day the user's clock reads."""
    seen = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
    assert render("{{ d|since }}", d=seen) == "yesterday"
    with timezone.override("Pacific/Auckland"):  # 25 Nov, 01:00 there
        assert render("{{ d|since }}", d=seen) == "today"
    assert render("{{ d|since }}", d=seen - dt.timedelta(days=4)) == "5 days ago"
    assert render("{{ d|since }}", d=None) == "never"


def test_a_session_is_last_seen_as_every_page_says_how_long_ago(alice, frozen):
    """The sessions said "last seen 5\xa0days, 1\xa0hour ago" (Django's own
    words) where every other page says "5 days ago"."""

    def log_in() -> Client:
        client = Client()
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
        return client

    log_in()
    frozen.shift(dt.timedelta(days=5, hours=1))
    page = log_in().get(reverse("security")).content.decode()
    assert "in use now" in page and "last seen 5 days ago" in page


def other_words(text: str) -> list[str]:
    """The filters of Django's that word a count or a time in ``text``, and a
    ``humanize`` loaded for nothing but those."""
    found = OTHER_WORDS.findall(text)
    loads = re.search(r"{%\s*load\b[^%]*\bhumanize\b", text)
    if loads and not any(f"|{name}" in text for name in HUMANIZE):
        found.append("humanize loaded for nothing")
    return found


def test_no_template_words_a_count_or_a_time_another_way():
    """Pages and emails say "3 touches" and "5 days ago" with ``{% load words %}``
    only, so a count or a time reads the same on every page and in every email
    ("1,234 minutes", never "1234 minutes")."""
    templates = [
        path
        for path in (ROOT / "keepwarm").rglob("templates/**/*")
        if path.suffix in {".html", ".txt"}
    ]
    assert len(templates) > 100
    found = {str(path.relative_to(ROOT)): other_words(path.read_text()) for path in templates}
    assert {path: names for path, names in found.items() if names} == {}


@pytest.mark.parametrize(
    "source",
    [
        "{{ n }} touch{{ n|pluralize:'es' }}",
        "{{ n }} touch{{ n | pluralize }}",
        "{% load humanize %}{{ d|naturaltime }}",
        "{{ d|timesince }}",
        "{{ d|timeuntil:other }}",
        "{% load humanize words %}{{ n|plural:'card' }}",
    ],
)
def test_the_check_finds_each_other_way(source):
    assert other_words(source)
    assert not other_words("{% load humanize words %}{{ n|intcomma }} {{ n|for_count:'card' }}")


def test_long_notes_fold_behind_more():
    long_note = "word " * 100
    html = render('{% include "web/touches/_note.html" %}', note=long_note)
    assert '<details class="note-fold timeline-note">' in html and "note-preview" in html
    short = render('{% include "web/touches/_note.html" %}', note="Good\ntalk")
    assert short.strip() == '<div class="timeline-note">Good<br>talk</div>'
    lines = render('{% include "web/touches/_note.html" %}', note="a\nb\nc\nd\ne")
    assert "<details" in lines


@pytest.mark.parametrize(
    ("position", "badge"),
    [
        (0, "badge badge-close"),
        (1, "badge badge-core"),
        (2, "badge badge-wide"),
        (3, "badge badge-c3"),
        (5, "badge badge-c5"),
        (6, "badge badge-close"),
    ],
)
def test_a_circles_colour_follows_its_position_not_its_name(position, badge):
    assert circle_badge(Circle(name="Renamed", position=position)) == badge


def test_something_that_is_not_a_circle_gets_a_plain_badge():
    assert circle_badge(None) == circle_badge("Close") == "badge"
