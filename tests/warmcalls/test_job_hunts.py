"""Job-hunt mode on and off: the one service the web and the CLI call."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from keepwarm.contacts.models import Tag
from keepwarm.owned import owned
from keepwarm.warmcalls.models import JobHunt
from keepwarm.warmcalls.outcomes import active_hunt, end_hunt, set_goal
from tests.conftest import TODAY

GOAL = {"companies": "Acme", "roles": "", "industries": "", "cities": "Berlin", "note": "PM"}


def test_a_first_goal_starts_the_hunt_today(alice, frozen):
    school = Tag.objects.create(owner=alice, name="school")
    hunt, started = set_goal(alice, {**GOAL, "tags": [school]})
    assert started
    assert (hunt.active, hunt.started_on, hunt.companies, hunt.cities, hunt.note) == (
        True,
        TODAY,
        "Acme",
        "Berlin",
        "PM",
    )
    assert list(hunt.tags.all()) == [school]
    assert active_hunt(alice) == hunt


def test_a_second_goal_changes_the_hunt_that_is_on(alice, frozen):
    first, _ = set_goal(alice, GOAL)
    again, started = set_goal(alice, {"companies": "Initech", "roles": "designer"})
    assert not started and again.pk == first.pk
    assert (again.companies, again.roles, again.cities) == ("Initech", "designer", "")
    assert owned(JobHunt, alice).count() == 1


def test_a_goal_with_someone_elses_tag_saves_nothing(alice, bob, frozen):
    bobs = Tag.objects.create(owner=bob, name="acme")
    with pytest.raises(ValidationError, match="Pick tags from your own list"):
        set_goal(alice, {**GOAL, "tags": [bobs]})
    assert not owned(JobHunt, alice).exists()


def test_a_goal_the_model_refuses_saves_nothing(alice, frozen):
    with pytest.raises(ValidationError, match="control character"):
        set_goal(alice, {**GOAL, "note": "ring \x07 the bell"})
    assert not owned(JobHunt, alice).exists()


def test_ending_switches_the_hunt_off_today_and_only_once(alice, bob, frozen):
    hunt, _ = set_goal(alice, GOAL)
    bobs, _ = set_goal(bob, GOAL)
    assert end_hunt(alice) == hunt
    hunt.refresh_from_db()
    assert (hunt.active, hunt.ended_on) == (False, TODAY)
    assert end_hunt(alice) is None and active_hunt(alice) is None
    assert active_hunt(bob) == bobs


def test_a_new_goal_after_the_end_starts_a_new_hunt(alice, frozen):
    old, _ = set_goal(alice, GOAL)
    end_hunt(alice)
    new, started = set_goal(alice, GOAL)
    assert started and new.pk != old.pk
    assert owned(JobHunt, alice).filter(active=True).get() == new
