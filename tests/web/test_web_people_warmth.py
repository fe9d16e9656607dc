"""Warmth in the people list (filter warm / cooling / cold, sort warmest or
coldest first) and on the person's page (the value, its word and a sparkline of
two years with a text alternative)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keepwarm.contacts.models import Circle, Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.plans.services import forget_plans
from tests.web.reading import names

URL = reverse("people")
# Warmth today: Jane 75 warm, Tom 39 cooling, Wanda 20, Vic and Una 0 cold (a tie: by
# family name); Yul has died and has no warmth (sorted last, never in a warmth filter).


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"warmth": "warm"}, ["Jane Doe"]),
        ({"warmth": "cooling"}, ["Tom Baker"]),
        ({"warmth": "cold"}, ["Vic Archer", "Wanda Reed", "Una Stone"]),
        ({"warmth": "cold", "sort": "-created"}, ["Wanda Reed", "Vic Archer", "Una Stone"]),
        (
            {"sort": "-warmth"},
            ["Jane Doe", "Tom Baker", "Wanda Reed", "Vic Archer", "Una Stone", "Yul Late"],
        ),
        (
            {"sort": "warmth"},
            ["Vic Archer", "Una Stone", "Wanda Reed", "Tom Baker", "Jane Doe", "Yul Late"],
        ),
        ({"sort": "warmth", "warmth": "cold", "q": "a"}, ["Vic Archer", "Una Stone", "Wanda Reed"]),
        ({"sort": "-warmth", "circle": "Wide"}, ["Wanda Reed", "Una Stone"]),
    ],
)
def test_filter_and_sort_by_warmth(alice, alice_client, known_network, params, expected):
    if "circle" in params:
        params = {**params, "circle": str(owned(Circle, alice).get(name=params["circle"]).pk)}
    assert names(alice_client.get(URL, params)) == expected


def test_the_archived_come_last_when_sorted_by_warmth(alice_client, known_network):
    shown = names(alice_client.get(URL, {"sort": "-warmth", "archived": "on"}))
    assert shown[:2] == ["Jane Doe", "Tom Baker"]
    assert set(shown[-2:]) == {"Xena Old", "Yul Late"}


@pytest.mark.parametrize(
    "params",
    [
        {"warmth": "hot"},
        {"warmth": "WARM"},
        {"warmth": "\x00"},
        {"warmth": ["warm", "cold"]},
        {"sort": "warmest"},
        {"sort": "-warmth", "page": "abc"},
        {"sort": "-warmth", "page": "999"},
        {"warmth": "cold", "circle": "999999"},
    ],
)
def test_bad_warmth_parameters_fall_back_never_500(alice_client, known_network, params):
    response = alice_client.get(URL, params)
    assert response.status_code == 200
    assert "Jane Doe" in names(response) or "Una Stone" in names(response)


def test_a_warmth_filter_matching_nobody_says_so(alice_client, known_network):
    Person.objects.filter(pk=known_network["jane"].pk).update(archived=True)
    html = alice_client.get(URL, {"warmth": "warm"}).content.decode()
    assert "No one matches" in html


def test_warmth_pages_keep_the_filter_in_their_links(alice, alice_client, frozen):
    Person.objects.bulk_create(
        [
            Person(
                owner=alice,
                display_name=f"Person {i:02d}",
                circle=owned(Circle, alice).get(name="Core"),
            )
            for i in range(60)
        ]
    )
    first = alice_client.get(URL, {"warmth": "cold", "sort": "warmth"})
    assert len(names(first)) == 50
    assert "warmth=cold" in first.content.decode() and "page=2" in first.content.decode()
    second = alice_client.get(URL, {"warmth": "cold", "sort": "warmth", "page": "2"})
    assert names(second) == [f"Person {i:02d}" for i in range(50, 60)]


def test_the_filter_and_sorts_are_offered(alice_client, known_network):
    html = alice_client.get(URL).content.decode()
    for option in ("Any warmth", "Warm", "Cooling", "Cold", "Warmest first", "Coldest first"):
        assert f">{option}</option>" in html
    assert "Last touch, oldest" in html
    assert reverse("network_health") in html


def test_sorting_by_warmth_runs_a_bounded_number_of_queries(alice, alice_client, known_network):
    def count() -> int:
        forget_plans()
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(URL, {"sort": "-warmth"}).status_code == 200
        return len(queries)

    before = count()
    for i in range(30):
        create_person(alice, f"More {i:02d}")
    assert count() <= before + 2


def test_bob_never_sees_alices_people_by_warmth(bob_client, known_network):
    for word in ("warm", "cooling", "cold"):
        assert names(bob_client.get(URL, {"warmth": word, "sort": "-warmth"})) == []


# The person page ----------------------------------------------------------------------


def test_the_person_page_shows_warmth_with_its_word_and_a_sparkline(alice_client, known_network):
    html = alice_client.get(reverse("person", args=[known_network["jane"].pk])).content.decode()
    assert '<span class="warmth-now-value">75</span>' in html
    assert '<span class="badge warmth-warm">warm</span>' in html
    assert 'class="sparkline"' in html and 'class="sparkline-line" points="' in html
    assert "Warm, 75; a year ago 0; two years ago 0." in html


def test_the_sparkline_has_a_point_a_week_for_two_years(alice_client, known_network):
    html = alice_client.get(reverse("person", args=[known_network["tom"].pk])).content.decode()
    points = html.split('class="sparkline-line" points="')[1].split('"')[0].split()
    assert len(points) == 105
    assert "Cooling, 39;" in html


def test_no_warmth_card_for_the_archived(alice_client, known_network):
    Person.objects.filter(pk=known_network["tom"].pk).update(archived=True)
    html = alice_client.get(reverse("person", args=[known_network["tom"].pk])).content.decode()
    assert "warmth-now-value" not in html


def test_the_warmth_card_costs_one_query(alice_client, known_network):
    url = reverse("person", args=[known_network["jane"].pk])
    alice_client.get(url)  # the plan is cached
    with CaptureQueriesContext(connection) as with_card:
        alice_client.get(url)
    Person.objects.filter(pk=known_network["jane"].pk).update(archived=True)
    alice_client.get(url)
    with CaptureQueriesContext(connection) as without:
        alice_client.get(url)
    assert len(with_card) - len(without) <= 1 + 2  # the card, and the plan card's own


def test_bob_gets_404_on_alices_person_page(bob_client, known_network):
    assert bob_client.get(reverse("person", args=[known_network["jane"].pk])).status_code == 404


def test_the_sparkline_is_drawn_without_inline_styles(alice_client, known_network):
    html = alice_client.get(reverse("person", args=[known_network["jane"].pk])).content.decode()
    assert " style=" not in html
