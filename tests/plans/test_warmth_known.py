"""The people list's warmth right after a change: from the plan of the day kept
in this process for everyone the change did not touch, read afresh for the one
it did, and always the same as reading everyone's history."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.plans import agenda, services
from keepwarm.touches import history
from keepwarm.touches.models import TouchKind
from keepwarm.touches.services import log_touch
from tests.conftest import TODAY, kind


@pytest.fixture
def people(alice, frozen):
    found = [create_person(alice, f"Friend {n}") for n in range(5)]
    for n, person in enumerate(found):
        log_touch(alice, [person], kind(alice, "coffee"), date=TODAY - dt.timedelta(days=30 * n))
    return [p.pk for p in found]


def read_all(alice, ids):
    return history.warmth_of(alice, ids, TODAY)


def test_after_a_touch_only_that_person_is_read_again(alice, people, monkeypatch):
    services.current(alice, TODAY)
    friend = owned(Person, alice).get(pk=people[4])
    log_touch(alice, [friend], kind(alice, "lunch"), date=TODAY)
    asked = []
    read = history.warmth_of

    def counted(user, ids, today):
        asked.append(sorted(ids))
        return read(user, ids, today)

    monkeypatch.setattr(agenda.history, "warmth_of", counted)
    found = agenda.warmth_of(alice, people, TODAY)
    assert asked == [[people[4]]]
    assert found == read(alice, people, TODAY)
    assert services.cached(alice, TODAY) is None  # the plan kept is the one before the touch


def test_a_kind_weight_changed_reads_everyone(alice, people):
    services.current(alice, TODAY)
    owned(TouchKind, alice).filter(label="coffee").update(warmth_weight=3)
    create_person(alice, "Someone new")  # a change: the plan kept is no longer current
    assert agenda.warmth_of(alice, people, TODAY) == read_all(alice, people)


def test_without_a_plan_kept_everyone_is_read(alice, people):
    services.forget_plans()
    assert agenda.warmth_of(alice, people, TODAY) == read_all(alice, people)
