"""A person's timeline by year: the newest year open with its first touches and
"Show the other N", the earlier years one summary line each that opens in place
(htmx) or as a page (without JavaScript); and the side panels a touch logged
from the page changes, sent again out of band. The clock is frozen at
2026-11-25."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Circle
from keepwarm.owned import owned
from keepwarm.plans import agenda, health
from keepwarm.touches.person_page import YEAR_SHOWN
from keepwarm.touches.services import log_touch
from tests.conftest import kind

HTMX = {"HX-Request": "true"}


def get(client, person, params=None, **headers):
    response = client.get(reverse("person", args=[person.pk]), params or {}, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def year_block(html: str, year: int) -> str:
    found = re.search(rf'<details class="timeline-year" id="year-{year}".*?</details>', html, re.S)
    assert found, f"no year {year} in the timeline"
    return found.group(0)


def dates(html: str) -> list[str]:
    return re.findall(r'<time datetime="([\d-]+)">', html)


@pytest.fixture
def history(alice, jane, frozen):
    """Twelve touches with Jane in 2026, three in 2025 (two coffees, a lunch), one in 2022."""
    coffee, lunch, call = (kind(alice, k) for k in ("coffee", "lunch", "check-in call"))
    for number in range(12):
        log_touch(alice, [jane], call, date=dt.date(2026, 11, 20) - dt.timedelta(days=7 * number))
    log_touch(alice, [jane], coffee, date=dt.date(2025, 3, 1))
    log_touch(alice, [jane], coffee, date=dt.date(2025, 6, 1))
    log_touch(alice, [jane], lunch, date=dt.date(2025, 9, 1))
    log_touch(alice, [jane], lunch, date=dt.date(2022, 5, 5))
    return jane


def test_the_newest_year_is_open_with_its_first_touches(alice_client, history):
    html = get(alice_client, history)
    assert "16 touches" in html
    newest = year_block(html, 2026)
    assert re.search(r'id="year-2026"\s+open>', newest)
    shown = dates(newest)
    assert len(shown) == YEAR_SHOWN == 10
    assert shown == sorted(shown, reverse=True) and shown[0] == "2026-11-20"
    assert "Show the other 2 touches of 2026" in newest
    assert "?year=2026&amp;all=1#year-2026" in newest


def test_earlier_years_are_one_line_each_and_not_read(alice_client, history):
    html = get(alice_client, history)
    earlier = year_block(html, 2025)
    assert " open" not in earlier.split(">", 1)[0]
    assert dates(earlier) == []
    summary = re.search(r"<summary>(.*?)</summary>", earlier, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", " ", summary).split()) == "2025 3 touches: coffee 2, lunch 1"
    url = reverse("person", args=[history.pk])
    assert f'hx-get="{url}?year=2025" hx-trigger="toggle once"' in earlier
    assert f'href="{url}?year=2025#year-2025"' in earlier  # without JavaScript
    assert "1 touch: lunch</span>" in year_block(html, 2022)  # one kind: no count again
    assert "2024" not in re.sub(r'datetime="[^"]*"', "", html.split('id="timeline"')[1])


def test_a_year_opens_in_place_by_htmx(alice_client, history):
    fragment = get(alice_client, history, {"year": "2025"}, **HTMX)
    assert "<html" not in fragment and "<details" not in fragment
    assert fragment.lstrip().startswith('<div class="timeline-entries">')
    assert dates(fragment) == ["2025-09-01", "2025-06-01", "2025-03-01"]
    assert "Show the other" not in fragment


def test_a_year_opens_as_a_page_without_javascript(alice_client, history):
    html = get(alice_client, history, {"year": "2025"})
    assert "<html" in html
    assert dates(year_block(html, 2025)) == ["2025-09-01", "2025-06-01", "2025-03-01"]
    assert len(dates(year_block(html, 2026))) == YEAR_SHOWN  # the newest stays open
    assert dates(year_block(html, 2022)) == []


def test_show_the_rest_of_a_long_year_focuses_the_first_new_touch(alice_client, history):
    fragment = get(alice_client, history, {"year": "2026", "all": "1"}, **HTMX)
    assert len(dates(fragment)) == 12
    assert "Show the other" not in fragment
    links = re.findall(r"<a [^>]*timeline-edit[^>]*>", fragment)
    assert [i for i, link in enumerate(links) if "autofocus" in link] == [YEAR_SHOWN]
    page = get(alice_client, history, {"year": "2026", "all": "1"})
    assert len(dates(year_block(page, 2026))) == 12


@pytest.mark.parametrize(
    "params", [{"year": "abc"}, {"year": "0"}, {"year": "99999"}, {"year": "-1"}, {"all": "x"}]
)
def test_a_bad_year_opens_the_newest(alice_client, history, params):
    html = get(alice_client, history, params)
    assert len(dates(year_block(html, 2026))) == YEAR_SHOWN
    assert dates(year_block(html, 2025)) == []


def test_a_year_with_no_touches_says_so(alice_client, history):
    fragment = get(alice_client, history, {"year": "2019"}, **HTMX)
    assert "No touches in 2019 any more." in fragment
    assert len(dates(year_block(get(alice_client, history, {"year": "2019"}), 2026))) == 10


def test_no_touches_at_all(alice_client, jane, frozen):
    html = get(alice_client, jane)
    assert "0 touches" in html and "No touches yet" in html and "<details" not in html


def test_the_page_and_a_year_vary_with_htmx(alice_client, history):
    response = alice_client.get(reverse("person", args=[history.pk]), {"year": "2025"})
    assert "HX-Request" in response["Vary"]


# The side panels a quick log changes ----------------------------------------------


@pytest.fixture
def close_jane(alice, jane, frozen):
    jane.circle = owned(Circle, alice).get(name="Close")
    jane.save()
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2025, 6, 1))
    return jane


def panel(html: str, name: str) -> str:
    found = re.search(rf'<div id="person-{name}" class="panel-slot"[^>]*>.*?</section>', html, re.S)
    assert found, f"no {name} panel"
    return found.group(0)


def test_a_quick_log_sends_the_warmth_and_the_plan_again(alice, alice_client, close_jane):
    today = dt.date(2026, 11, 25)
    before = health.person_warmth(alice, close_jane, today).value
    page = get(alice_client, close_jane)
    assert f'<span class="warmth-now-value">{before}</span>' in panel(page, "warmth")
    response = alice_client.post(
        reverse("person_log", args=[close_jane.pk]),
        {"kind": kind(alice, "lunch").pk},
        headers=HTMX,
    )
    html = response.content.decode()
    after = health.person_warmth(alice, close_jane, today).value
    assert after > before
    warmth = panel(html, "warmth")
    assert 'hx-swap-oob="true"' in warmth
    assert f'<span class="warmth-now-value">{after}</span>' in warmth
    outlook = agenda.outlook(alice, close_jane.pk, today)
    plan = panel(html, "plan")
    assert 'hx-swap-oob="true"' in plan
    assert f"{outlook.planned} of {outlook.target} touches planned" in plan
    first = outlook.upcoming[0]
    assert f"{first.kind} <span" in plan and first.reason in plan


def test_the_panels_are_on_the_page_without_being_out_of_band(alice_client, close_jane):
    page = get(alice_client, close_jane)
    assert "hx-swap-oob" not in panel(page, "warmth") + panel(page, "plan")
