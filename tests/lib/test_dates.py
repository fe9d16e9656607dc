"""Dates without a year: the rules every birthday feature leans on."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.lib.dates import InvalidDate, MonthDay, days_in_month
from keepwarm.lib.words import month_day


@pytest.mark.parametrize(
    ("month", "day", "year"),
    [
        (2, 30, None),
        (2, 29, 2023),
        (4, 31, None),
        (13, 1, None),
        (0, 5, None),
        (1, 0, None),
        (6, 31, 1990),
        (1, 1, 0),
        (1, 1, 10000),
    ],
)
def test_impossible_dates_are_refused(month, day, year):
    with pytest.raises(InvalidDate):
        MonthDay(month, day, year)


def test_29_february_is_a_valid_birthday_without_a_year_and_in_leap_years():
    assert month_day(MonthDay(2, 29)) == "29 February"
    assert MonthDay(2, 29, 2000).iso() == "2000-02-29"


def test_29_february_falls_on_28_february_in_common_years():
    leap_day = MonthDay(2, 29)
    assert leap_day.occurrence(2027) == dt.date(2027, 2, 28)
    assert leap_day.occurrence(2028) == dt.date(2028, 2, 29)
    assert leap_day.next_on_or_after(dt.date(2026, 11, 25)) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03-14", MonthDay(3, 14)),
        ("--03-14", MonthDay(3, 14)),
        ("1980-03-14", MonthDay(3, 14, 1980)),
        (" 2-9 ", MonthDay(2, 9)),
    ],
)
def test_parse_accepts_the_documented_forms(text, expected):
    assert MonthDay.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["", "14/03", "1980-02-30", "03-14-1980", "abc", "80-03-14", "02-30"]
)
def test_parse_refuses_anything_else_with_a_message(text):
    with pytest.raises(InvalidDate, match=r"."):
        MonthDay.parse(text)


def test_age_counts_completed_years():
    birthday = MonthDay(3, 14, 1980)
    assert birthday.age_on(dt.date(2026, 3, 13)) == 45
    assert birthday.age_on(dt.date(2026, 3, 14)) == 46
    assert MonthDay(3, 14).age_on(dt.date(2026, 3, 14)) is None
    assert MonthDay(2, 29, 2000).age_on(dt.date(2027, 2, 28)) == 27


month_days = st.integers(1, 12).flatmap(
    lambda m: st.tuples(st.just(m), st.integers(1, days_in_month(m)))
)


@given(month_days, st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)))
def test_next_occurrence_is_within_a_year_and_on_the_day(md, today):
    birthday = MonthDay(*md)
    nxt = birthday.next_on_or_after(today)
    assert today <= nxt < today + dt.timedelta(days=367)
    assert nxt.month == birthday.month
    assert nxt.day == birthday.day or (birthday.day == 29 and nxt.day == 28 and birthday.month == 2)


@given(month_days)
def test_iso_round_trips_without_a_year(md):
    birthday = MonthDay(*md)
    assert MonthDay.parse(birthday.iso()) == birthday


@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_iso_round_trips_with_a_year(day):
    birthday = MonthDay(day.month, day.day, day.year)
    assert MonthDay.parse(birthday.iso()) == birthday
    assert birthday.occurrence(day.year) == day
