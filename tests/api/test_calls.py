"""Warm calls through the API: the people the warm-calls page lists for the same
company or the job hunt's goal, in its order, with their reasons and warmth."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Relationship
from keepwarm.contacts.services import create_person
from keepwarm.touches.services import log_touch
from keepwarm.warmcalls.models import JobHunt
from tests.conftest import TODAY, kind

pytestmark = pytest.mark.django_db

WARM_CALLS = reverse("warm_calls")


@pytest.fixture
def hunt(alice, frozen):
    return JobHunt.objects.create(owner=alice, companies="Acme\nGlobex", cities="Berlin")


@pytest.fixture
def acme(alice, frozen):
    """Warm Jane and cold Tom at Acme, Gus at Globex, Ida in Berlin whose sister
    works at Acme."""
    jane = create_person(alice, "Jane Doe", company="Acme", phones=["+49 30 1234567"])
    log_touch(alice, [jane], kind(alice, "coffee"), date=TODAY - dt.timedelta(days=7))
    tom = create_person(alice, "Tom Quiet", company="Acme")
    gus = create_person(alice, "Gus Globe", company="Globex")
    log_touch(alice, [gus], kind(alice, "lunch"), date=TODAY - dt.timedelta(days=20))
    ida = create_person(alice, "Ida Berg", city="Berlin")
    log_touch(alice, [ida], kind(alice, "coffee"), date=TODAY - dt.timedelta(days=3))
    Relationship.objects.create(owner=alice, person=ida, kind="sister", other=tom)
    return {"jane": jane, "tom": tom, "gus": gus, "ida": ida}


def page_order(client, query):
    """The people of the warm-calls page, in its order (one card each)."""
    page = client.get(WARM_CALLS, query).content.decode()
    return [int(pk) for pk in re.findall(r'id="call-(\d+)"', page)]


@pytest.mark.parametrize("company", ["Acme", "  acme ", "Globex", "Nowhere Inc"])
def test_a_company_ranks_as_the_page_does(alice_api, alice_client, hunt, acme, company):
    answer = alice_api.get("/warm-calls", {"q": company})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert [c["person"]["id"] for c in body["items"]] == page_order(
        alice_client, {"company": company}
    )
    assert body["company"] == " ".join(company.split()) and body["hunt"] is True


def test_the_goal_ranks_as_the_page_does(alice_api, alice_client, hunt, acme):
    body = alice_api.get("/warm-calls").json()
    ids = [c["person"]["id"] for c in body["items"]]
    assert ids == page_order(alice_client, {})
    assert set(ids) == {p.pk for p in acme.values()}
    assert ids[-1] == acme["tom"].pk  # cold: last, with a warm-up first


def test_each_call_says_why_how_warm_and_what_comes_first(alice_api, hunt, acme):
    body = alice_api.get("/warm-calls", {"q": "Acme"}).json()
    calls = {c["person"]["id"]: c for c in body["items"]}
    jane, tom, ida = calls[acme["jane"].pk], calls[acme["tom"].pk], calls[acme["ida"].pk]
    assert jane["reasons"][0] == "works at Acme"
    assert jane["word"] == "cooling" or jane["word"] == "warm"
    assert jane["warm_up"] is False and jane["first_step"] is None
    assert jane["score"] > tom["score"] and jane["relevance"] == tom["relevance"]
    assert tom["warm_up"] is True and tom["word"] == "cold"
    assert tom["first_step"]["first"] == "warm up first" and tom["first_step"]["touch"]
    assert any("Tom Quiet" in reason for reason in ida["reasons"])
    assert body["warm_count"] == sum(not c["warm_up"] for c in body["items"])
    assert body["total"] == len(body["items"])


def test_limit_gives_the_first_of_the_list(alice_api, hunt, acme):
    whole = alice_api.get("/warm-calls", {"q": "Acme"}).json()
    first = alice_api.get("/warm-calls", {"q": "Acme", "limit": 1}).json()
    assert first["items"] == whole["items"][:1]
    assert (first["total"], first["warm_count"]) == (whole["total"], whole["warm_count"])


def test_without_a_hunt_a_company_is_still_searched(alice_api, acme):
    body = alice_api.get("/warm-calls", {"q": "Globex"}).json()
    assert [c["person"]["id"] for c in body["items"]] == [acme["gus"].pk]
    assert body["hunt"] is False


@pytest.mark.parametrize("query", [{}, {"q": "   "}])
def test_without_a_hunt_or_a_company_nobody_is_ranked(alice_api, acme, query):
    answer = alice_api.get("/warm-calls", query)
    assert answer.status_code == 200
    assert answer.json() == {
        "company": "",
        "hunt": False,
        "total": 0,
        "warm_count": 0,
        "items": [],
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x" * 151}, "q"),
        ({"q": "Ac\x00me"}, "q"),
        ({"q": "Acme", "limit": "0"}, "limit"),
        ({"q": "Acme", "limit": "101"}, "limit"),
    ],
)
def test_bad_queries_are_a_problem_on_their_field(alice_api, acme, params, field):
    answer = alice_api.get("/warm-calls", params)
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["errors"][0]["field"] == field


def test_bob_finds_none_of_alices_people(bob_api, hunt, acme):
    answer = bob_api.get("/warm-calls", {"q": "Acme"})
    assert answer.status_code == 200
    assert answer.json()["items"] == []
    assert "Jane" not in answer.content.decode()
