"""Ownership: bob gets 404 on every one of alice's objects, by GET and by POST,
and nothing of alice's changes. Every URL of the web interface is listed here,
so a new URL fails this module until someone decides how it is owned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from keepwarm.contacts.models import Circle, ContactPoint, Person
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp, Touch
from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import kind


def _alice_objects(alice, jane):
    touch = log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20), note="x")
    follow_up = add_follow_up(alice, jane, "send the article", dt.date(2026, 11, 30))
    return {"person": jane, "touch": touch, "followup": follow_up}


# URL name -> which of alice's objects its <pk> names.
OBJECT_URLS = {
    "person": "person",
    "person_edit": "person",
    "person_delete": "person",
    "person_log": "person",
    "person_photo": "person",
    "touch_edit": "touch",
    "touch_delete": "touch",
    "followup_edit": "followup",
    "followup_done": "followup",
    "followup_delete": "followup",
}
# URLs without an object id: they only ever show or change the signed-in user's own data
# (their forms' choices are owner-scoped; see the bad-value tables in each view's tests).
COLLECTION_URLS = {
    "home",
    "signup",
    "login",
    "logout",
    "demo",
    "password_change",
    "people",
    "person_new",
    "touches",
    "touch_new",
    "followups",
    "followup_new",
    "settings",
    "circles",
    "kinds",
    "people_suggest",
}


def _all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _all_url_names(entry)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name


def test_every_url_is_classified():
    names = set(_all_url_names())
    unclassified = names - set(OBJECT_URLS) - COLLECTION_URLS
    assert not unclassified, f"classify these URLs in tests/test_ownership.py: {unclassified}"
    assert not (set(OBJECT_URLS) | COLLECTION_URLS) - names - {"people_suggest"}


def _snapshot(alice):
    people = owned(Person, alice)
    return (
        list(people.values()),
        list(owned(ContactPoint, alice).values()),
        list(owned(Touch, alice).values()),
        list(Touch.people.through.objects.values()),
        list(owned(FollowUp, alice).values()),
        list(owned(Circle, alice).values()),
    )


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_objects(url_name, method, alice, bob, jane, client, frozen):
    objects = _alice_objects(alice, jane)
    target = objects[OBJECT_URLS[url_name]]
    before = _snapshot(alice)
    client.force_login(bob)
    url = reverse(url_name, args=[target.pk])
    data = {"display_name": "Hacked", "text": "hacked", "note": "hacked", "confirm": "yes"}
    response = getattr(client, method)(url, data if method == "post" else None)
    assert response.status_code == 404, f"{method.upper()} {url} answered {response.status_code}"
    assert _snapshot(alice) == before


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_anonymous_visitors_are_sent_to_login(url_name, alice, jane, client, frozen):
    target = _alice_objects(alice, jane)[OBJECT_URLS[url_name]]
    response = client.get(reverse(url_name, args=[target.pk]))
    assert response.status_code in {302, 404}
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_ids_that_do_not_exist_are_404(url_name, alice_client):
    assert alice_client.get(reverse(url_name, args=[987654])).status_code == 404
