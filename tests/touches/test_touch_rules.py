"""One set of rules for touches and follow-ups, kept by the models and the
services, so the web, the command line and any other caller agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp, Touch
from keepwarm.touches.services import add_follow_up, log_touch, update_touch
from tests.conftest import kind

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def coffee(alice, jane, frozen):
    return log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20), note="Hi")


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (TODAY + dt.timedelta(days=1), "pick today or earlier"),
        (dt.date(2027, 1, 1), "pick today or earlier"),
        (dt.date(1899, 12, 31), "Pick a date after 1900."),
    ],
)
def test_a_touch_is_dated_today_or_earlier_and_after_1900(alice, jane, frozen, date, message):
    with pytest.raises(ValidationError, match=message) as caught:
        log_touch(alice, [jane], kind(alice, "coffee"), date=date)
    assert "date" in caught.value.message_dict
    assert not Touch.objects.exists()


@pytest.mark.parametrize("date", [TODAY, dt.date(1900, 1, 1)])
def test_today_and_1900_are_fine(alice, jane, frozen, date):
    assert log_touch(alice, [jane], kind(alice, "coffee"), date=date).date == date


def test_today_is_the_users_today(alice, jane, frozen):
    # 23:30 UTC is already the 26th in Berlin, alice's zone (the CLI and the web activate it).
    from django.utils import timezone

    frozen.move_to(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC))
    with timezone.override("Europe/Berlin"):
        touch = log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 26))
    assert touch.date == dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("due", "message"),
    [
        (dt.date(2036, 11, 26), "at most 10 years ahead"),
        (dt.date(1899, 12, 31), "Pick a date after 1900."),
    ],
)
def test_a_follow_up_is_due_within_ten_years(alice, jane, frozen, due, message):
    with pytest.raises(ValidationError, match=message):
        add_follow_up(alice, jane, "send the article", due)
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("due", [dt.date(2036, 11, 25), dt.date(2020, 1, 1)])
def test_overdue_and_far_follow_ups_are_fine(alice, jane, frozen, due):
    assert add_follow_up(alice, jane, "send the article", due).due == due


def test_a_follow_up_on_29_february_looks_ten_years_ahead_to_28_february(alice, jane):
    import time_machine

    with time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC), tick=False):
        assert add_follow_up(alice, jane, "x", dt.date(2038, 2, 28)).due == dt.date(2038, 2, 28)
        with pytest.raises(ValidationError):
            add_follow_up(alice, jane, "x", dt.date(2038, 3, 1))


def test_a_follow_up_for_another_users_person_is_refused(alice, bob, frozen):
    bobs_friend = create_person(bob, "Bob's Friend")
    with pytest.raises(ValidationError, match="Unknown person"):
        add_follow_up(alice, bobs_friend, "x", TODAY)
    assert not FollowUp.objects.exists()


# update_touch ------------------------------------------------------------------------


def test_update_touch_changes_the_touch(alice, coffee, jane, frozen):
    omar = create_person(alice, "Omar Haddad")
    update_touch(alice, coffee, [jane, omar], note="Moved", date=dt.date(2026, 11, 21))
    coffee.refresh_from_db()
    assert (coffee.note, coffee.date) == ("Moved", dt.date(2026, 11, 21))
    assert set(coffee.people.all()) == {jane, omar}


def test_update_touch_refuses_another_users_touch(alice, bob, coffee, jane, frozen):
    with pytest.raises(ValidationError, match="Unknown touch"):
        update_touch(bob, coffee, [create_person(bob, "Bob's Friend")], note="hacked")
    coffee.refresh_from_db()
    assert coffee.note == "Hi" and list(coffee.people.all()) == [jane]


def test_update_touch_refuses_another_users_person(alice, bob, coffee, jane, frozen):
    with pytest.raises(ValidationError, match="Unknown person"):
        update_touch(alice, coffee, [jane, create_person(bob, "Bob's Friend")])
    assert list(coffee.people.all()) == [jane]


def test_update_touch_refuses_another_users_kind(alice, bob, coffee, jane, frozen):
    with pytest.raises(ValidationError, match="Unknown person or kind"):
        update_touch(alice, coffee, [jane], kind=kind(bob, "lunch"))
    coffee.refresh_from_db()
    assert coffee.kind == kind(alice, "coffee")


def test_update_touch_needs_someone(alice, coffee, jane, frozen):
    with pytest.raises(ValidationError, match=r"Pick at least one person\."):
        update_touch(alice, coffee, [])
    assert list(coffee.people.all()) == [jane]


def test_update_touch_keeps_the_date_rule(alice, coffee, jane, frozen):
    with pytest.raises(ValidationError, match="pick today or earlier"):
        update_touch(alice, coffee, [jane], date=TODAY + dt.timedelta(days=1))
    coffee.refresh_from_db()
    assert coffee.date == dt.date(2026, 11, 20)


def test_update_touch_changes_only_its_own_fields(alice, coffee, jane, frozen):
    with pytest.raises(TypeError, match="owner"):
        update_touch(alice, coffee, [jane], owner=None)
    assert owned(Touch, alice).get() == coffee
