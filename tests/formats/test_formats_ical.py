"""The iCalendar renderer: what it writes, a round trip through three parsers,
29 February in leap and common years, and clear errors for files it cannot read."""

from __future__ import annotations

import datetime as dt
import io

import icalendar
import pytest
import recurring_ical_events
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from keepwarm.formats import ical
from keepwarm.formats.records import FormatError

STAMP = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)

LEAP = ical.Event(
    uid="birthday-7@keepwarm",
    day=dt.date(1988, 2, 29),
    summary="Jane Doe's birthday",
    description="Born in 1988.",
    url="https://keepwarm.example.org/people/7/",
    yearly=True,
    category="Birthday",
)
FOLLOW_UP = ical.Event(
    uid="followup-3@keepwarm",
    day=dt.date(2026, 12, 1),
    summary="Follow-up: send the article (Jane Doe)",
    category="Follow-up",
    stamp=dt.datetime(2026, 11, 20, 8, 30, 15, 123456, tzinfo=dt.UTC),
)


def render(*events: ical.Event, name: str = "keepwarm: alice") -> bytes:
    return ical.render(events, name=name, stamp=STAMP)


def occurrences(data: bytes, year: int) -> list[tuple[str, dt.date]]:
    calendar = icalendar.Calendar.from_ical(data)
    found = recurring_ical_events.of(calendar).between(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
    return sorted((str(event["SUMMARY"]), event["DTSTART"].dt) for event in found)


# What it writes ----------------------------------------------------------------


def test_an_event_is_a_whole_day_with_a_stable_uid_and_the_given_stamp():
    text = render(FOLLOW_UP).decode()
    assert "DTSTART;VALUE=DATE:20261201\r\n" in text
    assert "DTEND;VALUE=DATE:20261202\r\n" in text
    assert "UID:followup-3@keepwarm\r\n" in text
    assert "DTSTAMP:20261120T083015Z\r\n" in text  # the event's own, to the second
    assert "RRULE" not in text
    assert "TRANSP:TRANSPARENT\r\n" in text


def test_the_calendar_has_its_name_and_the_fallback_stamp():
    text = render(LEAP, name="keepwarm: alice").decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "X-WR-CALNAME:keepwarm: alice\r\n" in text
    assert "DTSTAMP:20261125T100000Z\r\n" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in text


def test_a_leap_day_repeats_on_the_last_day_of_february():
    parsed = icalendar.Calendar.from_ical(render(LEAP))
    rule = next(iter(parsed.walk("VEVENT")))["RRULE"]
    assert rule["FREQ"] == ["YEARLY"]
    assert rule["BYMONTH"] == [2]
    assert rule["BYMONTHDAY"] == [-1]


def test_another_day_repeats_plainly_every_year():
    event = ical.Event("keydate-1@keepwarm", dt.date(2010, 6, 12), "Wedding", yearly=True)
    assert "RRULE:FREQ=YEARLY\r\n" in render(event).decode()


@pytest.mark.parametrize(
    ("year", "day"),
    [(2026, dt.date(2026, 2, 28)), (2027, dt.date(2027, 2, 28)), (2028, dt.date(2028, 2, 29))],
)
def test_recurring_ical_events_puts_a_29_february_birthday_on_the_right_day(year, day):
    assert occurrences(render(LEAP), year) == [("Jane Doe's birthday", day)]


def test_a_29_february_birthday_is_once_a_year_for_a_century():
    data = render(LEAP)
    for year in range(2000, 2101):
        assert len(occurrences(data, year)) == 1, year


def test_vobject_reads_the_feed_and_expands_29_february_the_same_way():
    component = vobject.readOne(io.StringIO(render(LEAP, FOLLOW_UP).decode()))
    events = {event.uid.value: event for event in component.vevent_list}
    assert set(events) == {"birthday-7@keepwarm", "followup-3@keepwarm"}
    assert events["followup-3@keepwarm"].dtstart.value == dt.date(2026, 12, 1)
    rules = events["birthday-7@keepwarm"].getrruleset(addRDate=True)
    days = [d.date() for d in rules.between(dt.datetime(2027, 1, 1), dt.datetime(2029, 1, 1))]
    assert days == [dt.date(2027, 2, 28), dt.date(2028, 2, 29)]


def test_the_same_events_in_any_order_give_the_same_bytes():
    assert render(LEAP, FOLLOW_UP) == render(FOLLOW_UP, LEAP)


def test_long_lines_are_folded_and_every_line_ends_in_crlf():
    event = ical.Event("x-1@keepwarm", dt.date(2026, 12, 1), "Ünïcödé " * 40)
    data = render(event)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert ical.parse(data)[0].summary == ("Ünïcödé " * 40).strip()


def test_control_characters_are_dropped_and_a_summary_stays_on_one_line():
    event = ical.Event(
        "x-1@keepwarm", dt.date(2026, 12, 1), "Jane\r\nDoe\x00\x07", description="a\r\nb\x0bc"
    )
    data = render(event)
    assert b"\x00" not in data and b"\x07" not in data and b"\x0b" not in data
    (parsed,) = ical.parse(data)
    assert parsed.summary == "Jane Doe"
    assert parsed.description == "a\nbc"


def test_a_literal_backslash_n_is_text_not_a_line_break():
    # RFC 5545 writes a line break as \n or \N; a backslash typed in a note is
    # escaped as \\, so "C:\New" stays one line whatever the case of the letter.
    event = ical.Event(
        "x-2@keepwarm", dt.date(2026, 12, 1), r"dir C:\New; a,b", description="a\\Nb\nc \\n"
    )
    data = render(event)
    assert b"C:\\\\New\\; a\\,b" in data
    (parsed,) = ical.parse(data)
    assert parsed.summary == r"dir C:\New; a,b"
    assert parsed.description == "a\\Nb\nc \\n"
    assert icalendar.Calendar.from_ical(data).walk("VEVENT")[0]["SUMMARY"] == parsed.summary


def test_an_empty_calendar_is_still_a_calendar():
    data = render()
    assert ical.parse(data) == []
    assert icalendar.Calendar.from_ical(data)["X-WR-CALNAME"] == "keepwarm: alice"


# Round trip --------------------------------------------------------------------

texts = st.text(max_size=200)
events = st.builds(
    ical.Event,
    uid=st.from_regex(r"[a-z]{1,10}-[0-9]{1,6}@keepwarm", fullmatch=True),
    day=st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2200, 12, 31)),
    summary=texts,
    description=texts,
    url=st.sampled_from(["", "https://keepwarm.example.org/people/1/", "http://127.0.0.1:8000/"]),
    yearly=st.booleans(),
    category=st.sampled_from(["", "Birthday", "Key date", "Follow-up", "Planned touch"]),
    stamp=st.none() | st.datetimes(timezones=st.just(dt.UTC)),
)


def expected(event: ical.Event) -> ical.Event:
    """What a parser reads back: cleaned text, the stamp in UTC to the second."""
    stamp = event.stamp or STAMP
    return ical.Event(
        uid=event.uid,
        day=event.day,
        summary=ical.clean_text(event.summary, one_line=True),
        description=ical.clean_text(event.description),
        url=event.url,
        yearly=event.yearly,
        category=event.category,
        stamp=stamp.replace(microsecond=0),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(events, max_size=6, unique_by=lambda e: e.uid))
def test_render_then_parse_gives_the_events_back(found):
    data = render(*found)
    back = ical.parse(data)
    assert sorted(back, key=lambda e: e.uid) == sorted(map(expected, found), key=lambda e: e.uid)
    parsed = icalendar.Calendar.from_ical(data)
    assert len(list(parsed.walk("VEVENT"))) == len(found)
    for event in parsed.walk("VEVENT"):
        assert event["DTSTART"].params.get("VALUE") == "DATE"


@settings(max_examples=60, deadline=None)
@given(st.lists(events, min_size=1, max_size=4, unique_by=lambda e: e.uid))
def test_vobject_reads_whatever_render_writes(found):
    component = vobject.readOne(io.StringIO(render(*found).decode()))
    assert sorted(event.uid.value for event in component.vevent_list) == sorted(
        event.uid for event in found
    )


# What it cannot read -----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not an iCalendar file"),
        (b"hello", "not an iCalendar file"),
        (b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane\r\nEND:VCARD\r\n", "no VCALENDAR"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "Event 1: it has no start date",
        ),
    ],
)
def test_a_file_that_is_not_a_calendar_gets_one_clear_error(data, message):
    with pytest.raises(FormatError, match=message):
        ical.parse(data)


def test_a_byte_order_mark_is_no_text_a_calendar_keeps():
    event = ical.Event(
        uid="bom@keepwarm", day=dt.date(2000, 1, 1), summary="\ufeffHi", description="\ufeff"
    )
    back = ical.parse(ical.render([event], name="x", stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    assert [(e.summary, e.description) for e in back] == [("Hi", "")]
