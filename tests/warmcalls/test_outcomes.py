"""Logging a warm call: the outcome, its touch, and the follow-ups it creates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp, Touch, TouchKind
from keepwarm.touches.services import add_follow_up
from keepwarm.warmcalls.models import CallOutcome, JobHunt
from keepwarm.warmcalls.outcomes import (
    FOLLOW_UPS,
    active_hunt,
    call_kind,
    hunt_follow_ups,
    log_outcome,
)
from tests.conftest import TODAY

TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def hunt(alice, frozen):
    return JobHunt.objects.create(owner=alice, companies="Acme")


def follow_ups(user):
    return [(f.text, f.due) for f in owned(FollowUp, user).order_by("due", "id")]


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("talked", [("Warm call: Thank-you note", 1)]),
        (
            "intro",
            [("Warm call: Thank-you note", 1), ("Warm call: Check the intro came through", 10)],
        ),
        (
            "referral",
            [("Warm call: Thank-you note", 1), ("Warm call: Follow up on the referral", 10)],
        ),
        ("not_now", [("Warm call: Check back", 30)]),
    ],
)
def test_each_outcome_logs_a_call_touch_and_its_follow_ups(alice, jane, hunt, outcome, expected):
    logged = log_outcome(alice, hunt, jane, outcome, note="  Asked about  the team ")
    touch = owned(Touch, alice).get()
    assert touch.kind.label == "check-in call"
    assert touch.date == TODAY
    assert list(touch.people.all()) == [jane]
    assert "Asked about the team" in touch.note
    call = owned(CallOutcome, alice).get()
    assert (call.outcome, call.touch, call.note, call.hunt) == (
        outcome,
        touch,
        "Asked about the team",
        hunt,
    )
    assert follow_ups(alice) == [(t, TODAY + dt.timedelta(days=d)) for t, d in expected]
    assert all(f.touch == touch for f in logged.follow_ups)
    jane.refresh_from_db()
    assert jane.last_touch_on == TODAY


def test_no_answer_logs_no_touch_and_a_call_again(alice, jane, hunt):
    logged = log_outcome(alice, hunt, jane, "no_answer")
    assert not owned(Touch, alice).exists()
    assert logged.touch is None
    assert follow_ups(alice) == [("Warm call: Call again", TODAY + dt.timedelta(days=3))]
    assert logged.message(TODAY) == "Logged: no answer from Jane. Follow-up: call again in 3 days."


def test_message_says_what_was_logged_and_what_follows(alice, jane, hunt):
    logged = log_outcome(alice, hunt, jane, "intro")
    assert logged.message(TODAY) == (
        "Logged: intro promised by Jane. Follow-ups: thank-you note tomorrow, "
        "check the intro came through in 10 days."
    )
    talked = log_outcome(alice, hunt, jane, "talked")
    assert talked.message(TODAY) == "Logged: talked with Jane. Follow-up: thank-you note tomorrow."


def test_every_outcome_has_follow_ups():
    assert set(FOLLOW_UPS) == set(CallOutcome.Outcome.values)


@pytest.mark.parametrize("outcome", ["", "maybe", "TALKED", "talked "])
def test_a_bad_outcome_changes_nothing(alice, jane, hunt, outcome):
    with pytest.raises(ValidationError, match="Unknown outcome"):
        log_outcome(alice, hunt, jane, outcome)
    assert not owned(CallOutcome, alice).exists()
    assert not owned(Touch, alice).exists()
    assert not owned(FollowUp, alice).exists()


def test_bobs_person_or_hunt_is_refused(alice, bob, jane, hunt):
    bobs_hunt = JobHunt.objects.create(owner=bob, companies="Acme")
    with pytest.raises(ValidationError):
        log_outcome(bob, bobs_hunt, jane, "talked")
    with pytest.raises(ValidationError):
        log_outcome(bob, hunt, create_person(bob, "Zed"), "talked")
    assert not CallOutcome.objects.exists()


def test_an_ended_hunt_or_a_deceased_person_is_refused(alice, jane, hunt):
    gone = create_person(alice, "Gone Friend", deceased=True)
    with pytest.raises(ValidationError, match="not someone to call"):
        log_outcome(alice, hunt, gone, "talked")
    hunt.active = False
    hunt.save()
    with pytest.raises(ValidationError, match="has ended"):
        log_outcome(alice, hunt, jane, "talked")
    assert not owned(CallOutcome, alice).exists()


def test_call_kind_falls_back_to_any_phone_kind_then_explains(alice, frozen):
    owned(TouchKind, alice).filter(label="check-in call").update(label="phone catch-up")
    assert call_kind(alice).label == "phone catch-up"
    owned(TouchKind, alice).filter(channel="phone").update(channel="digital")
    with pytest.raises(ValidationError, match="phone channel"):
        call_kind(alice)


def test_hunt_follow_ups_are_the_calls_ones_due_first(alice, jane, hunt):
    add_follow_up(alice, jane, "Send the article", TODAY)
    log_outcome(alice, hunt, jane, "not_now")
    log_outcome(alice, hunt, jane, "referral")
    rows = hunt_follow_ups(alice, hunt, TODAY)
    assert [(f.text, f.due) for f in rows] == [
        ("Warm call: Thank-you note", TOMORROW),
        ("Warm call: Follow up on the referral", TODAY + dt.timedelta(days=10)),
    ]  # "Check back" in 30 days is beyond the two weeks shown


def test_active_hunt_is_the_users_own(alice, bob, hunt):
    assert active_hunt(alice) == hunt
    assert active_hunt(bob) is None
