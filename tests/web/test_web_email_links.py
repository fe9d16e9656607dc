"""The Done and Snooze links in emails, and unsubscribe: they work without
signing in, by POST only (a GET shows what would happen and changes nothing),
not after they expire nor when changed, and only on their own user's things.
The clock is frozen at Wednesday 2026-11-25 10:00 UTC."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import create_person
from keepwarm.mail import links
from keepwarm.mail.models import settings_of
from keepwarm.plans import services
from keepwarm.touches.models import FollowUp, Touch
from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import kind

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def follow_up(alice, jane, frozen):
    return add_follow_up(alice, jane, "send the sourdough article", dt.date(2026, 11, 24))


@pytest.fixture
def item(alice, jane, frozen):
    """This week's check-in with Jane (last coffee in June)."""
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 6, 10))
    week = services.current(alice, TODAY).plan.weeks[0].items
    return next(item for item in week if jane.pk in item.people)


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as a real request would commit (plans are cached until a commit)."""

    def send(url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    return send


def url(user, action, target, ident):
    return reverse("email_action", args=[links.action_token(user, action, target, ident)])


def state(alice):
    return (
        list(FollowUp.objects.owned_by(alice).values()),
        list(Touch.objects.owned_by(alice).values()),
        list(Person.objects.owned_by(alice).values("pk", "paused_until")),
    )


# GET asks, POST does ------------------------------------------------------------------


@pytest.mark.parametrize("action", ["done", "snooze"])
def test_opening_a_link_only_asks(client, alice, follow_up, item, action):
    before = state(alice)
    for target, ident in [("follow_up", follow_up.pk), ("item", item.id)]:
        response = client.get(url(alice, action, target, ident))
        assert response.status_code == 200
        assert b'method="post"' in response.content
    assert (
        "send the sourdough article"
        in client.get(url(alice, action, "follow_up", follow_up.pk)).content.decode()
    )
    assert state(alice) == before


def test_done_ticks_the_follow_up_off_without_signing_in(client, post, alice, follow_up):
    response = post(url(alice, "done", "follow_up", follow_up.pk))
    assert response.status_code == 200
    assert "Marked as done" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    again = client.get(url(alice, "done", "follow_up", follow_up.pk))
    assert "Already done" in again.content.decode()
    assert b'method="post"' not in again.content


def test_snooze_moves_the_follow_up_a_week_from_today(post, alice, follow_up):
    response = post(url(alice, "snooze", "follow_up", follow_up.pk))
    assert response.status_code == 200
    follow_up.refresh_from_db()
    assert (follow_up.due, follow_up.done_at) == (dt.date(2026, 12, 2), None)
    assert "Wednesday 2 December" in response.content.decode()


def test_done_logs_the_agenda_item_today(post, alice, jane, item):
    response = post(url(alice, "done", "item", item.id))
    assert response.status_code == 200
    touch = Touch.objects.owned_by(alice).latest("id")
    assert (touch.date, touch.kind.label, list(touch.people.all())) == (TODAY, item.kind, [jane])
    assert "Logged" in response.content.decode()
    gone = post(url(alice, "done", "item", item.id))
    assert gone.status_code == 410
    assert "no longer in your plan" in gone.content.decode()
    assert Touch.objects.owned_by(alice).count() == 2  # coffee in June and this one


def test_snooze_pauses_the_items_people_for_a_week(post, alice, jane, item):
    assert post(url(alice, "snooze", "item", item.id)).status_code == 200
    jane.refresh_from_db()
    assert jane.paused_until == dt.date(2026, 12, 2)


def test_the_day_is_the_users_local_day(post, alice, follow_up, frozen):
    frozen.move_to(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC))  # 00:30 on the 26th in Berlin
    post(url(alice, "snooze", "follow_up", follow_up.pk))
    follow_up.refresh_from_db()
    assert follow_up.due == dt.date(2026, 12, 3)


# Expired, changed, someone else's -------------------------------------------------------


def test_an_expired_link_does_nothing(client, alice, follow_up, frozen):
    target = url(alice, "done", "follow_up", follow_up.pk)
    frozen.shift(dt.timedelta(days=15))
    for response in (client.get(target), client.post(target)):
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        assert reverse("login") in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_a_link_still_works_on_its_last_day(post, alice, follow_up, frozen):
    target = url(alice, "done", "follow_up", follow_up.pk)
    frozen.shift(dt.timedelta(days=13, hours=23))
    assert post(target).status_code == 200


def _tampered(alice, follow_up):
    good = links.action_token(alice, "done", "follow_up", follow_up.pk)
    return {
        "one character changed": good[:-3] + ("A" if good[-3] != "A" else "B") + good[-2:],
        "cut short": good[: len(good) // 2],
        "garbage": "not-a-link",
        "an unsubscribe link": links.unsubscribe_token(alice),
    }


@pytest.mark.parametrize(
    "case", ["one character changed", "cut short", "garbage", "an unsubscribe link"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_changed_link_gets_a_clear_page(client, alice, follow_up, case, method):
    token = _tampered(alice, follow_up)[case]
    response = getattr(client, method)(reverse("email_action", args=[token]))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


@pytest.mark.parametrize("target", ["follow_up", "item"])
def test_bobs_link_cannot_act_on_alices_things(client, post, alice, bob, follow_up, item, target):
    before = state(alice)
    ident = follow_up.pk if target == "follow_up" else item.id
    for action in ("done", "snooze"):
        assert client.get(url(bob, action, target, ident)).status_code == 410
        assert post(url(bob, action, target, ident)).status_code == 410
    assert state(alice) == before


def test_a_deleted_follow_up_says_so(client, alice, follow_up):
    target = url(alice, "done", "follow_up", follow_up.pk)
    follow_up.delete()
    response = client.get(target)
    assert response.status_code == 410
    assert "deleted" in response.content.decode()


def test_a_link_of_a_deleted_account_does_not_work(client, alice, follow_up):
    target = url(alice, "done", "follow_up", follow_up.pk)
    alice.delete()
    assert client.get(target).status_code == 400


# Unsubscribe ---------------------------------------------------------------------------


def unsubscribe_url(user):
    return reverse("unsubscribe", args=[links.unsubscribe_token(user)])


def test_unsubscribe_asks_then_turns_emails_off(client, alice):
    response = client.get(unsubscribe_url(alice))
    assert response.status_code == 200
    assert "alice@example.org" in response.content.decode()
    assert settings_of(alice).emails_on
    response = client.post(unsubscribe_url(alice))
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not settings_of(alice).emails_on


def test_one_click_unsubscribe_from_a_mail_app_needs_no_form(db, alice):
    mail_app = Client(enforce_csrf_checks=True)
    response = mail_app.post(unsubscribe_url(alice), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not settings_of(alice).emails_on


def test_unsubscribing_only_touches_the_links_user(client, alice, bob):
    client.post(unsubscribe_url(bob))
    assert settings_of(alice).emails_on
    assert not settings_of(bob).emails_on


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_changed_or_old_unsubscribe_link_does_nothing(client, alice, frozen, method):
    token = links.unsubscribe_token(alice)
    bad = getattr(client, method)(reverse("unsubscribe", args=[token[:-2] + "xx"]))
    assert bad.status_code == 400
    frozen.shift(dt.timedelta(days=91))
    old = getattr(client, method)(reverse("unsubscribe", args=[token]))
    assert old.status_code == 410
    assert settings_of(alice).emails_on


def test_other_methods_are_refused(client, alice, follow_up):
    assert client.put(url(alice, "done", "follow_up", follow_up.pk)).status_code == 405
    assert client.delete(unsubscribe_url(alice)).status_code == 405


def test_links_of_another_person_of_alice_stay_apart(post, alice, jane, follow_up):
    other = add_follow_up(alice, create_person(alice, "Omar Haddad"), "return the book", TODAY)
    post(url(alice, "done", "follow_up", follow_up.pk))
    other.refresh_from_db()
    assert other.done_at is None
