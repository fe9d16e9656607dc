"""The rules about a person, each written once (``contacts.models``): who is
paused on a day, whose birthday or key date falls in a window, who is in the
network. Where copies of a rule disagreed, these pin the one kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Circle, KeyDate, Person
from keepwarm.contacts.services import create_person
from keepwarm.lib.dates import MonthDay
from keepwarm.occasions import coming
from keepwarm.occasions.hosting import candidates
from keepwarm.occasions.models import Gathering
from keepwarm.owned import owned
from keepwarm.planner import model
from keepwarm.planner.occasions import paused_on

TODAY = dt.date(2026, 11, 25)


def _core(user):
    return owned(Circle, user).get(name="Core")


def test_paused_until_is_the_first_day_back_everywhere(alice, frozen):
    """``paused_until`` is the first day suggestions come back: the planner's rule.
    The model, the queryset and the planner say the same for the day before,
    the day itself and the day after."""
    until = TODAY + dt.timedelta(days=3)
    jane = create_person(alice, "Jane Roe", circle=_core(alice), paused_until=until)
    planned = model.Person(id=jane.pk, name="Jane Roe", target=7, paused_until=until)
    for day, paused in (
        (until - dt.timedelta(days=1), True),
        (until, False),
        (until + dt.timedelta(days=1), False),
    ):
        assert jane.is_paused_on(day) is paused
        assert paused_on(planned, day) is paused
        assert owned(Person, alice).not_paused_on(day).filter(pk=jane.pk).exists() is not paused


def test_the_person_page_says_paused_only_while_they_are(alice, alice_client, frozen):
    """The badge followed ``paused_until >= today``: it still said "paused" on the
    day the person came back."""
    jane = create_person(alice, "Jane Roe", circle=_core(alice), paused_until=TODAY)
    page = alice_client.get(reverse("person", args=[jane.pk])).content.decode()
    assert "paused until" not in page
    jane.paused_until = TODAY + dt.timedelta(days=1)
    jane.save()
    page = alice_client.get(reverse("person", args=[jane.pk])).content.decode()
    assert "paused until" in page


def test_someone_back_on_the_day_of_a_party_can_be_invited(alice, frozen):
    """The planner invites someone whose pause ends on the party's day; the list
    of people one can invite left them out (``paused_until >= date``)."""
    party = TODAY + dt.timedelta(days=20)
    gathering = Gathering.objects.create(owner=alice, date=party, title="Winter party")
    back = create_person(alice, "Back Today", circle=_core(alice), paused_until=party)
    away = create_person(
        alice, "Still Away", circle=_core(alice), paused_until=party + dt.timedelta(days=1)
    )
    found = set(candidates(alice, gathering).values_list("pk", flat=True))
    assert back.pk in found and away.pk not in found


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (dt.date(2026, 11, 25), dt.date(2026, 12, 9)),
        (dt.date(2026, 12, 20), dt.date(2027, 1, 10)),  # over the new year
        (dt.date(2027, 2, 20), dt.date(2027, 3, 2)),  # 28 February of a common year
        (dt.date(2028, 2, 20), dt.date(2028, 3, 2)),  # a leap year
        (dt.date(2027, 2, 28), dt.date(2027, 2, 28)),  # one day: 29 February falls on it
        (dt.date(2028, 2, 28), dt.date(2028, 2, 28)),  # one day: it does not
    ],
)
def test_a_birthday_falls_in_a_window_as_monthday_has_it(alice, frozen, first, last):
    """``born_between`` (SQL) agrees with ``MonthDay.occurrence`` (Python) for
    every day of the year, 29 February included."""
    circle = _core(alice)
    every_day = [(m, d) for m in range(1, 13) for d in range(1, 32) if _valid(m, d)]
    Person.objects.bulk_create(
        Person(
            owner=alice,
            display_name=f"P {m}-{d}",
            circle=circle,
            birthday_month=m,
            birthday_day=d,
        )
        for m, d in every_day
    )
    found = {
        (m, d)
        for m, d in owned(Person, alice)
        .born_between(first, last)
        .values_list("birthday_month", "birthday_day")
    }
    years = {first.year, last.year}
    expected = {
        (m, d)
        for m, d in every_day
        if any(first <= MonthDay(m, d).occurrence(y) <= last for y in years)
    }
    assert found == expected


def _valid(month: int, day: int) -> bool:
    try:
        dt.date(2028, month, day)
    except ValueError:
        return False
    return True


def test_key_dates_of_a_newcomer_wait_with_their_birthday(alice, frozen):
    """The occasions page listed the key dates of people an import brought in and
    the user has not sorted yet, though their birthdays (and the digest's key
    dates) wait until they are: both follow ``in_network`` now."""
    sorted_in = create_person(alice, "Sorted In", circle=_core(alice))
    waiting = create_person(alice, "Not Sorted", circle=_core(alice))
    Person.objects.filter(pk=waiting.pk).update(circle=None)
    day = TODAY + dt.timedelta(days=5)
    for person in (sorted_in, waiting):
        KeyDate.objects.create(
            owner=alice, person=person, label="wedding anniversary", month=day.month, day=day.day
        )
    listed = {c.person.pk for c in coming.key_dates(alice, TODAY, 14)}
    assert listed == {sorted_in.pk}
