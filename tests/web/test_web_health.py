"""The network health page: every chart's numbers as text, the circles, the
people who went cold, coming occasions, an empty state, and bob sees only his own."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from keepwarm.contacts.services import create_person

URL = reverse("network_health")


def text(response) -> str:
    """The page's words outside its charts (so every number is there as text),
    tags removed and spaces squeezed."""
    html = re.sub(r"<svg.*?</svg>", " ", response.content.decode(), flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_shows_the_totals_per_word(alice_client, known_network):
    page = text(alice_client.get(URL))
    assert "1 warm" in page and "1 cooling" in page and "3 cold" in page
    assert "8 touches in 12 months" in page


def test_each_circle_has_its_counts_as_text_and_links_to_the_filtered_list(
    alice_client,
    known_network,
):
    response = alice_client.get(URL)
    page = text(response)
    assert "Close 1 person 0 warm · 1 cooling · 0 cold" in page
    assert "Core 2 people 1 warm · 0 cooling · 1 cold" in page
    assert "Wide 2 people 0 warm · 0 cooling · 2 cold" in page
    assert 'aria-label="Wide: 0 warm, 0 cooling, 2 cold"' in response.content.decode()
    assert "warmth=cold" in response.content.decode()


def test_touches_per_month_have_a_table_with_the_target(alice_client, known_network):
    page = text(alice_client.get(URL))
    assert "December 2025 3 2.7" in page
    assert "November 2026 (so far) 1 2.7" in page
    assert "aim at about 2.7 a month" in page


def test_who_went_cold_lately_links_to_the_person(alice_client, known_network):
    response = alice_client.get(URL)
    page = text(response)
    assert "Wanda Reed cold since about 16 Oct 2026 · was 27, now 20" in page
    assert reverse("person", args=[known_network["wanda"].pk]) in response.content.decode()


def test_breadth_and_coming_occasions_are_listed(alice_client, known_network):
    response = alice_client.get(URL)
    page = text(response)
    assert "Companies 3 distinct" in page
    assert "Acme 2" in page
    assert "Cities 1 distinct" in page
    assert "Jane Doe Birthday" in page
    assert reverse("occasions") in response.content.decode()


def test_charts_use_no_inline_styles(alice_client, known_network):
    html = alice_client.get(URL).content.decode()
    assert "<svg" in html
    assert " style=" not in html
    assert "<script>" not in html


def test_an_empty_network_invites_to_add_people(alice_client):
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert "Nobody to keep warm yet" in text(response)


def test_bob_sees_only_his_own_network(bob_client, bob, known_network):
    create_person(bob, "Barry Bob", company="Bobcorp")
    page = text(bob_client.get(URL))
    assert "Bobcorp 1" in page
    for name in ("Wanda Reed", "Jane Doe", "Acme"):
        assert name not in page


@pytest.mark.parametrize("params", [{"circle": "x"}, {"page": "-1"}, {"q": "\x00"}])
def test_unknown_query_parameters_are_ignored(alice_client, known_network, params):
    assert alice_client.get(URL, params).status_code == 200


def test_posting_is_not_allowed(alice_client, known_network):
    assert alice_client.post(URL).status_code == 405


@pytest.mark.parametrize(
    ("value", "shown"), [(6107.8, "6,108"), (10.0, "10"), (2.7, "2.7"), (3.0, "3")]
)
def test_the_monthly_aim_is_whole_from_ten_on(value, shown):
    from django.template.loader import render_to_string

    assert render_to_string("web/health/_about.html", {"value": value}) == shown
