"""The touch-history CSV: date, kind, people, note."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.formats.records import FormatError, Skipped
from keepwarm.formats.touchlog import (
    TouchRow,
    is_touch_log,
    parse_touches,
    render_touches,
)

LOG = (
    b"Note,People,Date,Kind\r\n"
    b'Chili party,"jane@example.com; Omar Haddad",2026-10-04,Party invitation\r\n'
    b'"Long call,\nabout the move",Priya Raman,2026-11-02,check-in call\r\n'
    b"card,Omar Haddad,4 Nov 2026,Holiday card\r\n"
    b",  ;  ,2026-11-05,Coffee\r\n"
    b",Ola,2026-11-06,\r\n"
    b"\r\n"
    b"sent,Ola Nordmann,2026-11-07,Postcard\r\n"
)


def test_columns_in_any_order_and_case_with_several_people():
    result = parse_touches(LOG)

    assert result.rows == [
        TouchRow(
            2,
            dt.date(2026, 10, 4),
            "Party invitation",
            ("jane@example.com", "Omar Haddad"),
            "Chili party",
        ),
        TouchRow(
            3, dt.date(2026, 11, 2), "check-in call", ("Priya Raman",), "Long call,\nabout the move"
        ),
        TouchRow(9, dt.date(2026, 11, 7), "Postcard", ("Ola Nordmann",), "sent"),
    ]


def test_rows_that_cannot_be_touches_are_skipped_with_line_and_reason():
    result = parse_touches(LOG)

    assert result.skipped == [
        Skipped(5, "bad date '4 Nov 2026': write it as YYYY-MM-DD"),
        Skipped(6, "no people"),
        Skipped(7, "no kind of touch"),
    ]


def test_the_header_is_what_makes_a_touch_log():
    assert is_touch_log(LOG)
    assert is_touch_log(b"\xef\xbb\xbfdate;kind;people\n2026-01-01;Call;Ann\n")
    assert not is_touch_log(b"First Name,Last Name\nAnn,Lee\n")
    assert not is_touch_log(b"")


def test_a_file_without_the_header_is_one_clear_error():
    with pytest.raises(FormatError, match="expected a header with date, kind and people"):
        parse_touches(b"First Name,Last Name\nAnn,Lee\n")


def test_a_file_with_no_readable_touch_says_where_it_broke():
    with pytest.raises(FormatError, match="line 2: bad date"):
        parse_touches(b"date,kind,people\nyesterday,Call,Ann\n")


def test_render_writes_the_header_and_joins_people():
    row = TouchRow(1, dt.date(2026, 3, 1), "Call", ("Ann", "bo@example.com"), "about, things")

    assert render_touches([row]) == (
        b'date,kind,people,note\r\n2026-03-01,Call,Ann; bo@example.com,"about, things"\r\n'
    )


name = st.text(alphabet="abcdefghij @.-", min_size=1, max_size=12).map(str.strip).filter(bool)
touches = st.builds(
    TouchRow,
    st.just(0),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    name,
    st.lists(name, min_size=1, max_size=3).map(tuple),
    st.text(alphabet="xyz ,;\"'", max_size=15).map(str.strip),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(touches, min_size=1, max_size=5))
def test_render_then_parse_gives_the_same_touches(rows):
    result = parse_touches(render_touches(rows))

    assert result.rows == [
        TouchRow(n + 2, r.date, r.kind, r.people, r.note) for n, r in enumerate(rows)
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_after_a_header_raise_nothing_but_format_error(data):
    try:
        parse_touches(b"date,kind,people,note\n" + data)
    except FormatError as error:
        assert str(error)
