"""The one vocabulary (``lib.words``): dates in words, days said from today,
counts and the warmth words, used alike by the pages, the emails and the
command line; and, where two copies of a rule used to disagree, the one kept."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import dateformat
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.lib import words
from keepwarm.lib.dates import WEEKDAY_NAMES, MonthDay
from keepwarm.occasions.hosting import default_text
from keepwarm.occasions.models import Gathering
from keepwarm.reminders import content
from keepwarm.touches.services import add_follow_up

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 25)  # a Wednesday
DAYS = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))


def render(source: str, **context: object) -> str:
    return Template("{% load words %}" + source).render(Context(context))


# Dates ---------------------------------------------------------------------------------


@given(DAYS)
def test_every_date_style_reads_as_the_pages_wrote_it(day):
    """Each style says what the Django date format the pages used before said."""
    styles = {
        "j M Y": words.short_date(day),
        "j F Y": words.long_date(day),
        "j M": words.day_month(day),
        "j F": words.day_month(day, long=True),
        "D j M": words.weekday_date(day),
        "l j F": words.weekday_date(day, long=True),
        "M Y": words.month_year(day),
        "F Y": words.month_year(day, long=True),
        "M": words.month_name(day),
    }
    for style, said in styles.items():
        assert said == dateformat.format(day, style), style


@given(st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2200, 12, 31)))
def test_a_moment_reads_as_the_pages_wrote_it(value):
    assert words.moment(value) == dateformat.format(value, "j M Y, H:i")
    assert words.moment(value, year=False) == dateformat.format(value, "j M, H:i")


def test_a_short_date_has_its_year_and_a_day_of_the_year_in_view_has_none():
    """The planner's ``short_date`` said "25 Nov", the pages' "25 Nov 2026": the
    name keeps the pages' meaning; the planner's reasons say ``day_month``."""
    assert words.short_date(TODAY) == "25 Nov 2026"
    assert words.day_month(TODAY) == "25 Nov"


def test_a_birthday_is_written_day_first_like_every_other_date():
    """``MonthDay.label`` said "February 29" and "March 14, 1980" on the command
    line and in duplicate reasons; the pages and the docs say "29 February"."""
    assert words.month_day(MonthDay(2, 29)) == "29 February"
    assert words.month_day(MonthDay(3, 14, 1980)) == "14 March 1980"
    assert not hasattr(MonthDay, "label")


def test_a_day_with_its_weekday_has_no_comma():
    """ "Wednesday, 25 November" (home, invitations) against "Wednesday 25
    November" (emails, reminder settings, the agenda): the second is kept."""
    assert words.weekday_date(TODAY, long=True) == "Wednesday 25 November"
    party = Gathering(title="Chili", date=dt.date(2026, 11, 28), time=dt.time(19, 0))
    assert "on Saturday 28 November at 19:00." in default_text(party)


# Days said from today ------------------------------------------------------------------


@given(DAYS, st.integers(-800, 800))
def test_days_near_today_have_the_same_names_everywhere(today, offset):
    day = today + dt.timedelta(days=offset)
    near = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(offset)
    if near:
        assert words.relative_day(day, today) == near
    else:
        assert words.relative_day(day, today) == words.short_date(day)
        assert words.relative_day(day, today, long=True) == words.long_date(day)
    if offset in (0, 1):
        assert words.day_phrase(day, today) == words.days_from_now(offset) == near
    elif 1 < offset < 7:
        assert words.day_phrase(day, today) == f"on {WEEKDAY_NAMES[day.weekday()]}"
        assert words.days_from_now(offset) == f"in {offset} days"
    else:
        assert words.day_phrase(day, today) == f"on {words.day_month(day)}"
    if offset in (0, -1):
        assert words.since(day, today) == near
    elif offset > 0:
        assert words.since(day, today) == "upcoming"


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (2, "2 days ago"),
        (7, "1 week ago"),
        (29, "4 weeks ago"),
        (30, "1 month ago"),
        (364, "12 months ago"),
        (365, "1 year ago"),
        (800, "2 years ago"),
    ],
)
def test_since_counts_in_the_largest_whole_unit(days, text):
    assert words.since(TODAY - dt.timedelta(days=days), TODAY) == text
    assert words.since(None, TODAY) == "never"


@pytest.mark.parametrize(
    ("length", "text"),
    [
        (dt.timedelta(seconds=5), "1 minute"),
        (dt.timedelta(seconds=179), "2 minutes"),
        (dt.timedelta(minutes=59, seconds=59), "59 minutes"),
        (dt.timedelta(hours=1), "1 hour"),
        (dt.timedelta(hours=23, minutes=59), "23 hours"),
        (dt.timedelta(days=1, hours=5), "1 day"),
        (dt.timedelta(days=14), "2 weeks"),
        (dt.timedelta(days=400), "1 year"),
    ],
)
def test_a_length_of_time_is_said_in_its_largest_whole_unit(length, text):
    """The worker's "it last ran 3 minutes ago" and ``since`` say lengths alike."""
    assert words.duration(length) == text


@given(st.integers(min_value=2, max_value=5000))
def test_since_says_a_days_count_as_a_length_does(days):
    day = TODAY - dt.timedelta(days=days)
    assert words.since(day, TODAY) == f"{words.duration(dt.timedelta(days=days))} ago"


def test_a_month_gets_its_year_only_when_long_ago():
    assert words.month_phrase(dt.date(2026, 6, 3), TODAY) == "in June"
    assert words.month_phrase(TODAY - dt.timedelta(days=330), TODAY) == "in December 2025"


def test_the_agenda_heads_its_days_from_today():
    heads = [words.day_heading(TODAY + dt.timedelta(days=n), TODAY) for n in (-1, 0, 1, 2)]
    assert heads == ["Earlier this week", "Today", "Tomorrow", "Friday"]


def test_the_digest_says_when_a_follow_up_is_due_as_the_pages_do(alice, jane, frozen):
    """The digest said "1 day overdue" and "due Saturday 28 November" where the
    pages say "due yesterday" and "due in 3 days": it says what the pages say."""
    add_follow_up(alice, jane, "call back", TODAY - dt.timedelta(days=1))
    add_follow_up(alice, jane, "send the photos", TODAY + dt.timedelta(days=3))
    lines = content.follow_ups(alice, TODAY, days_ahead=6)
    assert [line.detail for line in lines] == ["due yesterday", "due in 3 days"]


# Counts --------------------------------------------------------------------------------


@given(st.integers(0, 10**9))
def test_a_count_takes_the_singular_only_for_one(count):
    one = count == 1
    assert words.plural(count, "touch", "touches") == f"{count:,} {'touch' if one else 'touches'}"
    assert words.plural(count, "card") == f"{count:,} {'card' if one else 'cards'}"
    assert render('{{ n|plural:"person,people" }}', n=count) == words.plural(
        count, "person", "people"
    )


WORDS = st.text(st.characters(categories=["Ll"]), min_size=1, max_size=8)


@given(st.integers(0, 10**9), WORDS, st.none() | WORDS)
def test_the_word_alone_is_the_word_a_count_takes(count, one, many):
    """``for_count`` gives the word set apart from its number (a big figure
    above its label, a verb that agrees): the same word ``plural`` writes."""
    word = words.for_count(count, one, many)
    assert words.plural(count, one, many) == f"{count:,} {word}"
    assert word == (one if count == 1 else many or one + "s")
    forms = f"{one},{many}" if many else one
    assert render(f'{{{{ n|for_count:"{forms}" }}}}', n=count) == word


@pytest.mark.parametrize(
    ("count", "forms", "word"),
    [
        (1, "person,people", "person"),
        (0, "person,people", "people"),
        (2, "touch,touches", "touches"),
        (1, "has,have", "has"),
        (3, "waits,wait", "wait"),
        (1234, "card", "cards"),
    ],
)
def test_irregular_words_keep_their_forms(count, forms, word):
    assert render(f'{{{{ n|for_count:"{forms}" }}}}', n=count) == word
    assert render(f'{{{{ n|plural:"{forms}" }}}}', n=count) == f"{count:,} {word}"


def test_a_large_count_sets_its_thousands_apart_as_the_pages_do():
    """``plural`` wrote "1234 people" where the pages (``intcomma``), the
    backup's summary and the import's wrote "1,234 people"."""
    assert words.plural(1234, "person", "people") == "1,234 people"
    assert render("{% load humanize %}{{ n|intcomma }}", n=1234) == "1,234"


# Warmth --------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "word"), [(80, "warm"), (40, "cooling"), (10, "cold")])
def test_the_meter_is_coloured_by_the_word_it_says(value, word):
    """The meter's class said "cool" where every other page says "cooling"."""
    meter = Template("{% load agenda_tags %}{% warmth_meter value %}").render(
        Context({"value": value})
    )
    assert f'class="warmth warmth-{word}"' in meter and f"of 100: {word}" in meter
    assert render("{{ word|warmth_class }}", word=word) == f"warmth-{word}"


def test_each_warmth_word_has_one_colour_and_no_other_style_is_left():
    """Five styles (a meter in its own colours, two sets of badge colours, the
    dashboard's and the person page's) became one: Okabe-Ito, by word."""
    css = (ROOT / "keepwarm/web/static/keepwarm/app.css").read_text()
    for word in words.WARMTH_WORDS:
        assert re.search(rf"\.{words.warmth_class(word)} \{{ --warmth: #[0-9a-f]{{6}};", css)
    templates = "".join(p.read_text() for p in (ROOT / "keepwarm").rglob("templates/**/*.html"))
    for old in ("warmth-cool ", 'warmth-cool"', "warmth-badge-", "hw-warm", "hw-cool", "hw-cold"):
        assert old not in css + templates, old
    assert "call.label == 'warm'" not in templates


# The template library ------------------------------------------------------------------


def test_no_date_says_nothing():
    for name in ("short_date", "long_date", "day_month", "weekday_date", "moment", "month_day"):
        assert render(f"{{{{ d|{name} }}}}", d=None) == "", name


def test_the_filters_take_the_long_style_on_request():
    day = dt.date(2026, 12, 3)
    assert render('{{ d|weekday_date }} / {{ d|weekday_date:"long" }}', d=day) == (
        "Thu 3 Dec / Thursday 3 December"
    )
    assert render('{{ d|month_year:"long" }} {{ d|day_month:"long" }}', d=day) == (
        "December 2026 3 December"
    )
