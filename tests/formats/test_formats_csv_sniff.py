"""Encodings, delimiters, physical lines, broken files and fuzzing of the CSV reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.formats.csv_sniff import decode, read_table
from keepwarm.formats.csvfiles import parse
from keepwarm.formats.records import FormatError, Skipped
from tests import corpus

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS = corpus.CORPUS / "csv" / "google"
SAMPLE = (
    "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value\r\n"
    "Zoë,Ångström,Home,zoe@example.com\r\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_every_encoding_reads_the_same_person(data, encoding):
    assert decode(data) == (SAMPLE, encoding)

    (zoe,) = parse(data).records

    assert (zoe.given_name, zoe.family_name) == ("Zoë", "Ångström")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_found(delimiter):
    text = (
        SAMPLE.replace(",", delimiter) + f'Al{delimiter}"Bo, Jr"{delimiter}Work{delimiter}a@b.c\r\n'
    )

    table = read_table(text.encode())

    assert table.delimiter == delimiter
    assert [row.cells[1] for row in table.rows] == ["Last Name", "Ångström", "Bo, Jr"]


def test_records_know_the_physical_line_they_start_on():
    text = 'a,b\r\n"one\ntwo\rthree",x\n\n"four",y\rlast,z'

    table = read_table(text.encode())

    assert [(row.line, row.cells) for row in table.rows] == [
        (1, ["a", "b"]),
        (2, ["one\ntwo\rthree", "x"]),
        (5, []),
        (6, ["four", "y"]),
        (7, ["last", "z"]),
    ]


def test_a_file_broken_halfway_keeps_the_good_rows_and_says_where_it_broke():
    result = parse((DATA / "google_broken_halfway.csv").read_bytes())

    assert [r.given_name for r in result.records] == ["Nadia", "Bruno", "Ivo", "Paul", "Zoe"]
    assert [r.line for r in result.records] == [2, 3, 5, 7, 8]
    assert result.skipped == [
        Skipped(4, "6 columns where the header has 4"),
        Skipped(6, "a quoted field starts here and is never closed"),
    ]


def test_text_after_a_closing_quote_is_skipped_with_its_line():
    data = b'First Name,Last Name,Labels\nAnn,"Lee"x,A\nBen,Ode,B\n'

    result = parse(data)

    assert [r.given_name for r in result.records] == ["Ben"]
    assert result.skipped[0].line == 2
    assert "cannot be read as CSV" in result.skipped[0].reason


def test_a_file_with_nothing_readable_is_a_format_error_naming_the_line():
    data = b'First Name,Last Name,Labels\n"Ann,Lee,A\nBen,Ode,B\n'.replace(b"Ben,Ode,B\n", b"")

    with pytest.raises(FormatError, match="line 2: a quoted field starts here and is never closed"):
        parse(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \r\n", "empty"),
        (b"\x00\x01\x02garbage", "not a text file: expected a Google, Outlook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"%PDF-1.7\n%binary", "not a Google, Outlook"),
    ],
)
def test_files_that_are_not_contacts_get_one_clear_error(data, message):
    with pytest.raises(FormatError, match=message):
        parse(data)


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_format_errors(data: bytes) -> None:
    try:
        result = parse(data)
    except FormatError as error:
        assert str(error)
        return
    for skipped in result.skipped:
        assert skipped.line >= 1
        assert skipped.reason


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_raise_nothing_but_format_error(data):
    _only_format_errors(data)


@FUZZ
@given(st.text(alphabet=',;\t"\r\n :-/.0123456789aZ*', max_size=300))
def test_csv_shaped_noise_after_a_google_header_raises_nothing_but_format_error(body):
    _only_format_errors(SAMPLE.encode() + body.encode())


def _corpus() -> list[bytes]:
    files = sorted(CORPUS.glob("*.csv")) + sorted(DATA.glob("*.csv"))
    return [path.read_bytes() for path in files]


@FUZZ
@given(st.data())
def test_mutated_real_files_raise_nothing_but_format_error(data):
    original = data.draw(st.sampled_from(_corpus()))
    at = data.draw(st.integers(0, len(original)))
    cut = data.draw(st.integers(0, 40))
    insert = data.draw(st.binary(max_size=20) | st.sampled_from([b'"', b"\n", b",", b";", b"\xff"]))

    _only_format_errors(original[:at] + insert + original[at + cut :])


@FUZZ
@given(st.binary(max_size=200), st.dictionaries(st.text(max_size=8), st.text(max_size=12)))
def test_random_mappings_raise_nothing_but_format_error(data, mapping):
    try:
        parse(b"a,b,c\n" + data, mapping)
    except FormatError as error:
        assert str(error)
