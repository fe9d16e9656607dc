"""The import's own bulk writes: every row lands whole, and each new person gets
its own id back (on SQLite and on PostgreSQL, as the suite runs on both)."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from keepwarm.contacts.models import ContactPoint, Person, Tag
from keepwarm.contacts.services import default_circle
from keepwarm.imports import bulk
from keepwarm.owned import owned

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
"""The frozen clock: what the default and ``auto_now`` columns hold."""


def _people(user, count):
    circle = default_circle(user)
    return [
        Person(
            owner=user,
            circle=circle,
            display_name=f"Person {n} Ünïcode",
            given_name=f"Given {n}",
            birthday_month=(n % 12) + 1 if n % 3 else None,
            birthday_day=(n % 28) + 1 if n % 3 else None,
            paused_until=dt.date(2027, 1, (n % 28) + 1) if n % 5 == 0 else None,
            deceased=n % 7 == 0,
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("max_values", [40, bulk.MAX_VALUES])
def test_insert_returning_gives_each_person_its_own_id(alice, frozen, monkeypatch, max_values):
    # 40 values hold one person a statement: batches of one and of many alike.
    monkeypatch.setattr(bulk, "MAX_VALUES", max_values)
    people = _people(alice, 75)

    bulk.insert_returning(Person, people)

    assert len({p.pk for p in people}) == 75
    saved = owned(Person, alice).in_bulk([p.pk for p in people])
    for person in people:
        row = saved[person.pk]
        assert not person._state.adding
        assert (row.display_name, row.given_name) == (person.display_name, person.given_name)
        assert (row.birthday_month, row.birthday_day) == (
            person.birthday_month,
            person.birthday_day,
        )
        assert (row.paused_until, row.deceased) == (person.paused_until, person.deceased)
        assert row.created_at == row.updated_at == NOW


def test_insert_rows_points_at_people_saved_after_the_rows_were_made(alice, frozen):
    people = _people(alice, 3)
    points = [
        ContactPoint(
            owner_id=alice.pk, person=p, kind="email", value=f"p{n}@example.org",
            normalized=f"p{n}@example.org",
        )
        for n, p in enumerate(people)
    ]  # fmt: skip
    bulk.insert_returning(Person, people)

    bulk.insert_rows(ContactPoint, points)

    pairs = owned(ContactPoint, alice).values_list("person__display_name", "value")
    assert sorted(pairs) == [(p.display_name, f"p{n}@example.org") for n, p in enumerate(people)]


def test_insert_rows_can_leave_out_a_row_that_is_already_there(alice, frozen):
    person = _people(alice, 1)[0]
    bulk.insert_returning(Person, [person])
    tag = Tag.objects.create(owner=alice, name="club")
    through = Person.tags.through
    bulk.insert_rows(through, [through(person_id=person.pk, tag_id=tag.pk)])

    again = [through(person_id=person.pk, tag_id=tag.pk)] * 2
    bulk.insert_rows(through, again, skip_existing=True)

    assert list(person.tags.values_list("name", flat=True)) == ["club"]


def test_fewer_collections_puts_the_threshold_back_after_the_last_of_overlapping_imports():
    before = gc.get_threshold()
    first, second = bulk.fewer_collections(), bulk.fewer_collections()
    first.__enter__()
    second.__enter__()
    assert gc.get_threshold()[0] == max(before[0], bulk.BULK_GENERATION_0)
    first.__exit__(None, None, None)  # the first ends while the second runs
    assert gc.get_threshold()[0] == max(before[0], bulk.BULK_GENERATION_0)
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before
    with pytest.raises(ValueError), bulk.fewer_collections():
        raise ValueError
    assert gc.get_threshold() == before
