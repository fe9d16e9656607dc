"""The people list and the person page run a fixed number of queries, whatever the
size of the network: the same for 10 people as for 1,000."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keepwarm.contacts.models import Circle, ContactPoint, Person, Relationship, Tag
from keepwarm.contacts.services import refresh_search_text
from keepwarm.owned import owned
from keepwarm.plans.models import PlanVersion
from keepwarm.plans.services import forget_plans
from keepwarm.touches.models import Touch, TouchKind, TouchPerson
from keepwarm.touches.services import add_follow_up, refresh_last_touch

MAX_LIST_QUERIES = 15  # the page, its filters, warmth for its people, the health banner
MAX_PAGE_QUERIES = 37  # the page (Work card, warmth sparkline), and the plan for "In the plan"


def grow(user, count: int) -> list[Person]:
    """Add ``count`` people, each with an email, a phone, two tags and three touches."""
    circles = list(owned(Circle, user))
    kinds = list(owned(TouchKind, user))
    tags = [Tag.objects.get_or_create(owner=user, name=name)[0] for name in ("college", "choir")]
    start = owned(Person, user).count()
    people = Person.objects.bulk_create(
        [
            Person(
                owner=user,
                display_name=f"Person {start + i:04d}",
                company="Acme",
                circle=circles[i % 3],
                city="Berlin",
                birthday_month=1 + i % 12,
                birthday_day=5,
            )
            for i in range(count)
        ]
    )
    ContactPoint.objects.bulk_create(
        [
            ContactPoint(
                owner=user, person=p, kind=kind, value=value, normalized=value, preferred=True
            )
            for p in people
            for kind, value in (("email", f"p{p.pk}@example.com"), ("phone", f"+4930{p.pk:07d}"))
        ]
    )
    through = Person.tags.through
    through.objects.bulk_create(
        [through(person_id=p.pk, tag_id=tag.pk) for p in people for tag in tags]
    )
    touches = Touch.objects.bulk_create(
        [
            Touch(
                owner=user,
                kind=kinds[i % len(kinds)],
                date=dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
            )
            for i in range(3 * count)
        ]
    )
    TouchPerson.objects.bulk_create(
        [TouchPerson(touch=t, person=people[i // 3], date=t.date) for i, t in enumerate(touches)]
    )
    refresh_search_text(people)
    refresh_last_touch(p.pk for p in people)
    return people


LIST_URLS = [
    {},
    {"sort": "name", "page": "2"},
    {"sort": "-created"},
    {"sort": "coldest"},
    {"sort": "recent"},
    {"q": "person 00"},
    {"q": "#college"},
    {"tag": "college"},
    {"circle": "first", "archived": "on"},
]


def params_for(user, params: dict) -> dict:
    resolved = dict(params)
    if "tag" in resolved:
        resolved["tag"] = str(owned(Tag, user).get(name=resolved["tag"]).pk)
    if resolved.get("circle") == "first":
        resolved["circle"] = str(owned(Circle, user).first().pk)
    return resolved


def count_queries(client, url: str, params: dict | None = None) -> int:
    forget_plans()  # every count builds the plan (a fixed few queries) from scratch
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def star(alice, frozen):
    """One person with family both ways, follow-ups and shared touches."""
    people = grow(alice, 10)
    star = people[0]
    Relationship.objects.create(owner=alice, person=star, kind="spouse", other=people[1])
    Relationship.objects.create(owner=alice, person=people[2], kind="child", other=star)
    Relationship.objects.create(owner=alice, person=star, kind="child", other_name="Lotte")
    add_follow_up(alice, star, "Send the article", dt.date(2026, 12, 1))
    shared = Touch.objects.filter(touchperson__person=star)[:2]
    TouchPerson.objects.bulk_create(
        [TouchPerson(touch=t, person=p, date=t.date) for t in shared for p in people[3:6]]
    )
    PlanVersion.objects.get_or_create(user=alice)  # made once, by the first plan ever
    return star


@pytest.mark.parametrize("params", LIST_URLS)
def test_the_people_list_runs_the_same_few_queries_for_10_and_1000_people(
    alice, alice_client, star, params, django_assert_max_num_queries
):
    url = reverse("people")
    small = count_queries(alice_client, url, params_for(alice, params))
    grow(alice, 990)
    assert owned(Person, alice).count() == 1000
    forget_plans()
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        response = alice_client.get(url, params_for(alice, params))
    assert response.status_code == 200
    assert count_queries(alice_client, url, params_for(alice, params)) == small


@pytest.mark.parametrize("params", [{}, {"year": "2026", "all": "1"}])
def test_the_person_page_runs_the_same_few_queries_for_10_and_1000_people(
    alice, alice_client, star, params, django_assert_max_num_queries
):
    url = reverse("person", args=[star.pk])
    small = count_queries(alice_client, url, params)
    grow(alice, 990)
    forget_plans()
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        response = alice_client.get(url, params)
    assert "Lotte" in response.content.decode()
    assert count_queries(alice_client, url, params) == small


def test_the_person_page_does_not_grow_with_the_timeline(
    alice, alice_client, star, django_assert_max_num_queries
):
    url = reverse("person", args=[star.pk])
    others = list(owned(Person, alice).exclude(pk=star.pk)[:3])
    kind = owned(TouchKind, alice).first()

    def add(days: range) -> None:
        for day in days:
            touch = Touch.objects.create(
                owner=alice, kind=kind, date=dt.date(2025, 1, 1) + dt.timedelta(days=day)
            )
            TouchPerson.objects.bulk_create(
                [TouchPerson(touch=touch, person=p, date=touch.date) for p in [star, *others]]
            )

    shown = [{}, {"year": "2025"}, {"year": "2025", "all": "1"}]
    add(range(1))
    before = [count_queries(alice_client, url, params) for params in shown]
    add(range(1, 60))
    assert [count_queries(alice_client, url, params) for params in shown] == before


def test_the_quick_log_runs_a_bounded_number_of_queries(
    alice, alice_client, star, django_assert_max_num_queries
):
    grow(alice, 200)
    kind = owned(TouchKind, alice).get(label="coffee")
    # The timeline, and out of band the warmth and the plan's outlook (the plan
    # made afresh after the touch: a dozen reads, the same at 10 or 1,000 people).
    with django_assert_max_num_queries(42):
        response = alice_client.post(
            reverse("person_log", args=[star.pk]),
            {"kind": kind.pk},
            headers={"HX-Request": "true"},
        )
    assert "Logged coffee" in response.content.decode()
