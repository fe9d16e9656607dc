"""Merging two people keeps everything, and an undo puts both back as they were."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models

from keepwarm.contacts.merge import MergeError, merge_people, recent_merges, undo_merge
from keepwarm.contacts.models import (
    Address,
    Circle,
    ContactPoint,
    KeyDate,
    LifeEvent,
    Merge,
    NotDuplicate,
    Person,
    Relationship,
)
from keepwarm.contacts.services import add_contact_point, create_person
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp, Touch, TouchPerson
from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import kind


def picture(user) -> dict:
    """Every row of the account that a merge can touch, as plain values."""
    result = {}
    for model in (Person, ContactPoint, Address, KeyDate, LifeEvent, Relationship, FollowUp):
        rows = owned(model, user).order_by("pk")
        result[model.__name__] = [
            {
                f.attname: getattr(r, f.attname)
                for f in model._meta.concrete_fields
                if f.name not in {"updated_at", "photo"}
            }
            for r in rows
        ]
    result["tags"] = sorted(Person.tags.through.objects.values_list("person_id", "tag_id"))
    result["links"] = sorted(
        TouchPerson.objects.filter(touch__owner=user).values_list("pk", "touch_id", "person_id")
    )
    result["not"] = sorted(owned(NotDuplicate, user).values_list("pk", "first_id", "second_id"))
    return result


@pytest.fixture
def twins(alice, jane, frozen):
    """Jane twice: the second with more, some of it repeating the first."""
    close = owned(Circle, alice).order_by("position").first()
    other = create_person(
        alice,
        "Jane Q. Doe",
        emails=["jane@example.com", "jane@home.example"],
        phones=["+49 170 5551234"],
        tags=["climbing", "school"],
        circle=close,
        job_title="Engineer",
        notes="Loves rhubarb cake.",
        birthday_month=2,
        birthday_day=29,
        birthday_year=1984,
    )
    Address.objects.create(
        owner=alice, person=other, street="Hauptstr. 1", locality="Berlin", is_mailing=True
    )
    KeyDate.objects.create(owner=alice, person=other, label="anniversary", month=6, day=1)
    LifeEvent.objects.create(owner=alice, person=other, kind="new_job", date=dt.date(2026, 10, 1))
    tom = create_person(alice, "Tom Doe")
    Relationship.objects.create(owner=alice, person=other, kind="spouse", other=tom)
    Relationship.objects.create(owner=alice, person=tom, kind="spouse", other=other)
    Relationship.objects.create(owner=alice, person=jane, kind="friend", other=other)
    coffee = kind(alice, "coffee")
    log_touch(alice, [other], coffee, date=dt.date(2026, 11, 1), note="lunch")
    log_touch(alice, [jane, other], coffee, date=dt.date(2026, 11, 10))
    add_follow_up(alice, other, "send the article", dt.date(2026, 12, 1))
    unrelated = create_person(alice, "Ann Lee")
    NotDuplicate.objects.create(owner=alice, first=other, second=unrelated)
    return jane, other, tom


def test_merge_keeps_every_contact_point_date_address_touch_and_note(alice, twins):
    jane, other, tom = twins
    merge = merge_people(alice, jane, other)
    jane.refresh_from_db()
    assert not Person.objects.filter(pk=other.pk).exists()
    values = set(jane.contact_points.values_list("value", flat=True))
    assert values == {"jane@example.com", "jane@home.example", "+49 30 1234567", "+49 170 5551234"}
    assert jane.contact_points.filter(kind="email", preferred=True).count() == 1
    assert list(jane.addresses.values_list("street", flat=True)) == ["Hauptstr. 1"]
    assert set(jane.key_dates.values_list("label", flat=True)) == {"anniversary"}
    assert (jane.birthday_month, jane.birthday_day, jane.birthday_year) == (2, 29, 1984)
    assert jane.life_events.count() == 1
    assert jane.follow_ups.get().text == "send the article"
    assert jane.touches.count() == 2
    assert Touch.objects.get(note="lunch").people.get() == jane
    assert jane.notes == "Also known as Jane Q. Doe.\n\nLoves rhubarb cake."
    assert jane.job_title == "Engineer"
    assert set(jane.tags.values_list("name", flat=True)) == {"school", "climbing"}
    assert jane.circle.position == 0  # the closer circle of the two
    assert jane.last_touch_on == dt.date(2026, 11, 10)
    assert "jane@home.example" in jane.search_text
    # Tom's spouse is now Jane; Jane's "friend" link to herself is gone.
    assert tom.relationships.get().other == jane
    assert jane.relationships.get().other == tom
    assert merge.kept == jane and merge.absorbed_name == "Jane Q. Doe"
    assert list(recent_merges(alice)) == [merge]


def test_undo_puts_both_people_back_exactly(alice, twins):
    jane, other, _tom = twins
    before = picture(alice)
    merge = merge_people(alice, jane, other)
    restored = undo_merge(alice, merge)
    assert restored.pk == other.pk
    assert picture(alice) == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and not merge.can_undo
    with pytest.raises(MergeError, match="already undone"):
        undo_merge(alice, merge)


def test_undo_keeps_what_the_user_changed_since(alice, twins):
    jane, other, _tom = twins
    merge = merge_people(alice, jane, other)
    jane.refresh_from_db()
    jane.job_title = "Director"
    jane.save()
    add_contact_point(jane, "email", "new@example.com")
    undo_merge(alice, merge)
    jane.refresh_from_db()
    assert jane.job_title == "Director"
    assert jane.contact_points.filter(value="new@example.com").exists()
    assert not jane.contact_points.filter(value="jane@home.example").exists()


def test_undo_skips_rows_deleted_since(alice, twins):
    jane, other, _tom = twins
    merge = merge_people(alice, jane, other)
    Touch.objects.filter(note="lunch").delete()
    undo_merge(alice, merge)
    assert Person.objects.get(pk=other.pk).touches.count() == 1


def test_a_merge_cannot_be_undone_once_the_kept_person_is_deleted(alice, twins):
    jane, other, _tom = twins
    merge = merge_people(alice, jane, other)
    jane.delete()
    merge.refresh_from_db()
    with pytest.raises(MergeError, match="deleted since"):
        undo_merge(alice, merge)


def test_merging_someone_with_themselves_or_with_another_users_person_fails(alice, bob, jane):
    with pytest.raises(MergeError, match="themselves"):
        merge_people(alice, jane, jane)
    bobs = create_person(bob, "Jane Doe")
    with pytest.raises(MergeError, match="your network"):
        merge_people(alice, jane, bobs)
    with pytest.raises(MergeError, match="your network"):
        merge_people(bob, bobs, jane)
    assert Person.objects.filter(pk__in=[jane.pk, bobs.pk]).count() == 2
    with pytest.raises(Merge.DoesNotExist):
        merge = Merge.objects.create(
            owner=alice, kept=jane, kept_name="x", absorbed_id=1, absorbed_name="y"
        )
        undo_merge(bob, merge)


def test_different_birthdays_are_both_kept(alice, jane):
    jane.birthday_month, jane.birthday_day = 5, 3
    jane.save()
    twin = create_person(alice, "Jane Doe", birthday_month=6, birthday_day=4)
    merge = merge_people(alice, jane, twin)
    jane.refresh_from_db()
    assert (jane.birthday_month, jane.birthday_day) == (5, 3)
    assert jane.key_dates.get().label == "birthday (Jane Doe)"
    undo_merge(alice, merge)
    assert not jane.key_dates.exists()


def test_a_failed_merge_changes_nothing(alice, twins, monkeypatch):
    jane, other, _tom = twins
    before = picture(alice)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("keepwarm.contacts.merge._other_birthday", broken)
    with pytest.raises(RuntimeError):
        merge_people(alice, jane, other)
    assert picture(alice) == before
    assert not Merge.objects.exists()


def test_the_snapshot_is_plain_json(alice, twins):
    jane, other, _tom = twins
    merge = merge_people(alice, jane, other)
    field = Merge._meta.get_field("snapshot")
    assert isinstance(field, models.JSONField)
    merge.refresh_from_db()
    assert merge.snapshot["absorbed"]["display_name"] == "Jane Q. Doe"


def test_merge_keeps_both_peoples_imported_extras_and_a_note_that_does_not_fit(alice, frozen):
    jane = create_person(alice, "Jane Doe", extras="X-SKYPE: jane.doe", notes="a" * 19_990)
    other = create_person(alice, "Jane D.", extras="X-ICQ: 123", notes="Loves jazz.")
    merge = merge_people(alice, jane, other)
    jane.refresh_from_db()
    assert len(jane.notes) == 19_990  # full: nothing was cut from it
    assert jane.extras.splitlines() == [
        "X-SKYPE: jane.doe",
        "note: Also known as Jane D..",
        "note: Loves jazz.",
        "X-ICQ: 123",
    ]
    undo_merge(alice, merge)
    jane.refresh_from_db()
    assert jane.extras == "X-SKYPE: jane.doe"
