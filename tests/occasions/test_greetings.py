"""Greeting templates: defaults made on first use, placeholders filled from the
person and their relationships, unknown placeholders kept visible and listed,
and the coming dates (29 February, the deceased and their family)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.contacts.models import Relationship
from keepwarm.contacts.services import create_person
from keepwarm.occasions import coming, greetings
from keepwarm.occasions.models import GreetingTemplate
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind

TODAY = dt.date(2026, 11, 25)


def relate(owner, person, kind, other):
    return Relationship.objects.create(owner=owner, person=person, kind=kind, other=other)


def test_the_four_templates_are_made_once_on_first_use(alice):
    first = greetings.templates_of(alice)
    again = greetings.templates_of(alice)
    assert list(first) == ["birthday", "holiday", "congratulations", "condolence"]
    assert {t.pk for t in first.values()} == {t.pk for t in again.values()}
    assert owned(GreetingTemplate, alice).count() == 4
    assert first["birthday"].subject == "Happy birthday, {first_name}!"


def test_templates_are_each_users_own(alice, bob):
    mine = greetings.templates_of(alice)["birthday"]
    mine.subject = "Alles Gute, {first_name}!"
    mine.save()
    assert greetings.templates_of(bob)["birthday"].subject == "Happy birthday, {first_name}!"


def test_placeholders_come_from_the_person_and_their_family(alice, jane):
    john = create_person(alice, "John Doe")
    anna = create_person(alice, "Anna Doe")
    relate(alice, jane, "spouse", john)  # John is Jane's spouse
    relate(alice, anna, "parent", jane)  # Jane is Anna's parent: Anna is her child
    Relationship.objects.create(owner=alice, person=jane, kind="child", other_name="Ben")
    alice.first_name, alice.last_name = "Alice", "Smith"
    alice.save()
    values = greetings.values_for(alice, jane)
    assert values == {
        "first_name": "Jane",
        "nickname": "Jane",
        "name": "Jane Doe",
        "spouse": "John Doe",
        "children": "Anna Doe and Ben",
        "my_name": "Alice Smith",
    }


def test_the_nickname_falls_back_to_the_first_name(alice):
    bill = create_person(alice, "William Gates", nickname="Bill")
    assert greetings.values_for(alice, bill)["nickname"] == "Bill"
    assert greetings.values_for(alice, bill)["first_name"] == "William"


def test_the_draft_is_the_template_filled(alice, jane):
    draft = greetings.draft_for(alice, jane, "birthday")
    assert draft.subject == "Happy birthday, Jane!"
    assert draft.body.startswith("Hi Jane,")
    assert draft.body.endswith("alice")
    assert draft.to == "jane@example.com"


@pytest.mark.parametrize(
    ("text", "filled"),
    [
        ("Hi {first_name}", "Hi Jane"),
        ("Hi {frist_name}", "Hi {frist_name}"),
        ("{0} {} {name!r} {name.x}", "{0} {} {name!r} {name.x}"),
        ("{ unbalanced {first_name", "{ unbalanced {first_name"),
        ("{{first_name}}", "{Jane}"),
        ("}{", "}{"),
    ],
)
def test_filling_never_fails_and_keeps_unknown_placeholders(text, filled):
    assert greetings.fill(text, {"first_name": "Jane"}) == filled


def test_unknown_placeholders_are_listed_once_with_the_known_ones():
    assert greetings.unknown_placeholders("{frist_name} {frist_name} {name} {kids}") == [
        "{frist_name}",
        "{kids}",
    ]
    with pytest.raises(ValidationError) as caught:
        greetings.check_placeholders("Hi {frist_name}")
    assert "Unknown placeholder {frist_name}: use {first_name}" in caught.value.messages[0]


def test_the_preview_uses_an_example_family(alice):
    subject, body = greetings.preview(alice, "For {first_name}", "{spouse}, {children}")
    assert (subject, body) == ("For Jane", "John, Anna and Ben")


def test_a_greeting_is_logged_as_the_kind_kept_for_its_occasion(alice):
    assert greetings.touch_kind_for(alice, "birthday").label == "birthday greeting"
    assert greetings.touch_kind_for(alice, "condolence").label == "condolence"
    assert greetings.touch_kind_for(alice, "holiday").label == "holiday card"
    # No kind is kept for congratulations by default: the cheapest routine one an
    # email can be (the greeting goes out by email, so not the text message).
    assert greetings.touch_kind_for(alice, "congratulations").label == "email or note"


def test_a_deleted_kind_gives_a_clear_message(alice):
    owned(TouchKind, alice).filter(occasion="condolence").delete()
    with pytest.raises(greetings.NoKind) as caught:
        greetings.touch_kind_for(alice, "condolence")
    assert "none for condolence greetings" in caught.value.messages[0]


# Coming dates -----------------------------------------------------------------


def test_coming_birthdays_say_the_age_turned(alice, frozen):
    create_person(alice, "Maria Rossi", birthday_month=12, birthday_day=3, birthday_year=1986)
    create_person(alice, "Far Away", birthday_month=1, birthday_day=10)
    [maria] = coming.coming(alice, TODAY)
    assert (maria.date, maria.turning, maria.what) == (dt.date(2026, 12, 3), 40, "Birthday")


def test_29_february_is_on_28_february_in_a_common_year(alice):
    leap = create_person(alice, "Leap Baby", birthday_month=2, birthday_day=29, birthday_year=2000)
    [found] = coming.coming(alice, dt.date(2027, 2, 10))
    assert (found.person, found.date, found.turning) == (leap, dt.date(2027, 2, 28), 27)
    assert found.leap_note == "29 February (28 February this year)"
    [in_a_leap_year] = coming.coming(alice, dt.date(2028, 2, 10))
    assert (in_a_leap_year.date, in_a_leap_year.leap_note) == (dt.date(2028, 2, 29), "")


def test_the_deceased_are_left_out_and_their_family_gets_a_gentle_word(alice, jane, frozen):
    karl = create_person(
        alice,
        "Karl Doe",
        birthday_month=12,
        birthday_day=1,
        deceased=True,
        deceased_on=dt.date(2024, 12, 5),
    )
    relate(alice, jane, "parent", karl)
    found = coming.coming(alice, TODAY)
    assert [(c.person, c.what, c.date, c.gentle) for c in found] == [
        (jane, "2 years since Karl Doe died", dt.date(2026, 12, 5), True)
    ]
    assert found[0].occasion == "condolence"
    assert coming.coming(alice, TODAY, gentle=False) == []


def test_key_dates_show_with_their_years(alice, jane, frozen):
    jane.key_dates.create(owner=alice, label="wedding anniversary", month=12, day=10, year=2016)
    [found] = coming.coming(alice, TODAY)
    assert (found.what, found.turning, found.occasion) == (
        "Wedding anniversary",
        10,
        "congratulations",
    )
