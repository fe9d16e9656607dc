"""No page has broken markup: a tab title with a tag in it, text printed in the
head, or the stray ``">`` of a tag written inside an attribute. Every page of a
rich account is read (the demo network with a card run added), and the pages
a visitor sees; fake pages prove the check catches each mistake."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Circle, Person
from keepwarm.demo import load_demo
from keepwarm.occasions import card_runs
from keepwarm.occasions.models import CardRun, Trip
from keepwarm.owned import owned
from tests.conftest import TODAY
from tests.pages import page_urls
from tests.web.markup import markup_problems

GOOD = (
    '<!doctype html><html><head><meta charset="utf-8"><title>A &lt;b&gt; run · keepwarm</title>'
    '<script src="/static/app.js" defer></script></head><body hx-headers=\'{"a": "b"}\'>'
    '<main id="main" class="page page-narrow">\n  <div class="page-header"><h1>Cards</h1>'
    '<p>Say "hi" -> <a href="/x/" data-x="1 &gt; 0">there</a></p></div></main></body></html>'
)


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("A &lt;b&gt; run", 'Cards<script src="/static/cards.js" defer></script>\n'),
        ("page page-narrow", 'page page-narrow<script src="/static/cards.js" defer></script>'),
        ('<meta charset="utf-8">', '<meta charset="utf-8">page-narrow'),
        ('class="page page-narrow">', 'class="page page-narrow">">'),
        ('<main id="main" class="page page-narrow">', '<main id="main" class="page">narrow'),
    ],
)
def test_the_check_catches_broken_markup(good, bad):
    assert good in GOOD
    assert markup_problems(GOOD.replace(good, bad, 1))


def test_the_check_lets_a_sound_page_through():
    assert markup_problems(GOOD) == []


@pytest.fixture
def rich(alice, frozen):
    load_demo(alice, TODAY)
    close = owned(Circle, alice).get(name="Close")
    window = (dt.date(2026, 12, 1), dt.date(2026, 12, 20))
    card_runs.create_run(alice, "Holiday cards 2026", "christmas", window, [close], [])
    return alice


def test_no_page_has_broken_markup(rich, client):
    client.force_login(rich)
    person = owned(Person, rich).order_by("id").first()
    urls = [*page_urls(rich), "/no-such-page/", f"{reverse('people')}?sort=-warmth"]
    wanted = {
        reverse("card_run", args=[owned(CardRun, rich).order_by("id").first().pk]),
        reverse("trip_sent", args=[owned(Trip, rich).order_by("id").first().pk]),
        reverse("person", args=[person.pk]),
    }
    assert wanted <= set(urls)
    found, read = {}, set()
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        if response["Content-Type"].startswith("text/html") and response.content:
            read.add(url)
            if problems := markup_problems(response.content.decode()):
                found[url] = problems
    assert found == {}
    assert wanted <= read
    assert len(read) > 40


def test_no_page_a_visitor_sees_has_broken_markup(client, db):
    urls = [reverse(name) for name in ("login", "signup", "password_reset")]
    urls.append("/no-such-page/")
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        if problems := markup_problems(response.content.decode()):
            found[url] = problems
    assert found == {}
