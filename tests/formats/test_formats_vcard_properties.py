"""Properties of the vCard parser and renderer, checked on generated input.

- parse(render(records)) gives back the same records, in 4.0 and 3.0;
- parse raises nothing but FormatError, on random bytes and on real files
  with random bytes changed, inserted or cut off.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.formats.records import (
    ContactRecord,
    DateFact,
    FormatError,
    Labeled,
    ParseResult,
    PostalAddress,
    Relation,
)
from keepwarm.formats.vcard import parse, render
from keepwarm.formats.vcard_dates import DOUBTFUL_YEARS, NO_YEAR
from keepwarm.lib.dates import MonthDay, days_in_month
from tests import corpus

CORPUS = corpus.CORPUS / "vcard"
FIXTURE_OK = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)

_CHARS = st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"])


def words(*, min_size: int = 0, multiline: bool = False) -> st.SearchStrategy[str]:
    """Text as people type it: no leading or trailing spaces, optional line breaks."""
    alphabet = st.one_of(_CHARS, st.just("\n")) if multiline else _CHARS
    text = st.text(alphabet, max_size=30).map(lambda s: "\n".join(p.strip() for p in s.split("\n")))
    return text.map(str.strip).filter(lambda s: len(s) >= min_size)


@st.composite
def month_days(draw: st.DrawFn) -> MonthDay:
    year = draw(st.none() | st.integers(1000, 2999).filter(lambda y: y != NO_YEAR))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, days_in_month(month, year)))
    return MonthDay(month, day, year)


@st.composite
def date_facts(draw: st.DrawFn, label: st.SearchStrategy[str]) -> DateFact:
    name = draw(label)
    if draw(st.booleans()):
        note = draw(st.text(st.sampled_from("abcdefgh xyz?"), min_size=1).map(str.strip))
        return DateFact(name, None, note=note or "unsure")
    day = draw(month_days())
    return DateFact(name, day, doubtful=day.year in DOUBTFUL_YEARS)


PLAIN_LABELS = st.sampled_from(["", "home", "work", "other", "Summer house", "grand_central"])
PHONE_LABELS = st.sampled_from(
    [
        *["", "home", "work", "mobile", "fax", "home fax", "work fax", "pager", "main"],
        *["other", "assistant phone", "Grandma's"],
    ]
)
KINDS = st.sampled_from(
    ["spouse", "partner", "child", "parent", "sibling", "friend", "colleague", "other"]
)
EMAILS = st.builds(
    lambda user, host, label, pref: Labeled(f"{user}@{host}.example", label, pref),
    st.from_regex(r"[a-z0-9._+-]{1,12}", fullmatch=True),
    st.from_regex(r"[a-z0-9-]{1,10}", fullmatch=True),
    PLAIN_LABELS,
    st.booleans(),
)
PHONES = st.builds(
    Labeled,
    st.from_regex(r"\+?[0-9][0-9 ()-]{2,14}[0-9]", fullmatch=True),
    PHONE_LABELS,
    st.booleans(),
)
URLS = st.builds(
    lambda path, label: Labeled(f"https://example.org/{path}", label),
    st.from_regex(r"[a-z0-9_~/-]{0,12}", fullmatch=True),
    PLAIN_LABELS,
)
ADDRESSES = st.builds(
    PostalAddress,
    label=PLAIN_LABELS,
    street=words(multiline=True),
    locality=words(min_size=1),
    region=words(),
    postcode=words(),
    country=words(),
)
CATEGORY = words(min_size=1).filter(lambda s: "," not in s)


@st.composite
def records(draw: st.DrawFn) -> ContactRecord:
    given_name, family_name = draw(words()), draw(words())
    if not (given_name or family_name):
        family_name = "Roe"
    return ContactRecord(
        line=1,
        uid=draw(words()),
        display_name=draw(words(min_size=1)),
        prefix=draw(words()),
        given_name=given_name,
        additional_names=draw(words()),
        family_name=family_name,
        suffix=draw(words()),
        nickname=draw(words()),
        company=draw(words()),
        job_title=draw(words()),
        notes=draw(words(multiline=True)),
        emails=tuple(draw(st.lists(EMAILS, max_size=3))),
        phones=tuple(draw(st.lists(PHONES, max_size=3))),
        urls=tuple(draw(st.lists(URLS, max_size=2))),
        addresses=tuple(draw(st.lists(ADDRESSES, max_size=2))),
        birthday=draw(st.none() | date_facts(st.just("birthday"))),
        dates=tuple(
            draw(st.lists(date_facts(st.sampled_from(["anniversary", "first met"])), max_size=2))
        ),
        relations=tuple(draw(st.lists(st.builds(Relation, KINDS, words(min_size=1)), max_size=3))),
        categories=tuple(draw(st.lists(CATEGORY, max_size=3, unique=True))),
        photo=draw(st.binary(max_size=64)),
    )


@FIXTURE_OK
@given(st.lists(records(), min_size=1, max_size=3), st.sampled_from(["4.0", "3.0"]))
def test_parse_of_render_gives_the_same_records(people, version):
    result = parse(render(people, version=version))
    assert result.skipped == []
    assert result.format == f"vcard {version}"
    back = [dataclasses.replace(r, line=1) for r in result.records]
    assert back == people


@FIXTURE_OK
@given(st.lists(records(), min_size=1, max_size=3))
def test_rendered_lines_are_at_most_75_octets_and_valid_utf8(people):
    data = render(people)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")


def parse_or_format_error(data: bytes) -> ParseResult | None:
    try:
        result = parse(data)
    except FormatError as error:
        assert "is not a vCard file" in str(error)
        return None
    for skipped in result.skipped:
        assert skipped.line >= 1 and skipped.reason
    return result


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=2000))
def test_random_bytes_raise_nothing_but_format_error(data):
    parse_or_format_error(data)


TOKENS = [b"BEGIN:VCARD", b"END:VCARD", b"\r\n", b"\r", b"\n ", b"=", b":", b";", b"\\"]
TOKENS += [b'"', b"\x00", b"\xff\xfe", b"ENCODING=QUOTED-PRINTABLE:", b"ENCODING=b:", b"=\r\n"]
TOKENS += [b"CHARSET=bogus:", b"CHARSET=SHIFT_JIS:", b"BDAY:", b"--0230", b"item1.", b"data:,"]


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


@st.composite
def mutated_corpus_files(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(corpus_files())).read_bytes())
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "token", "delete"]))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        else:
            del data[at : at + draw(st.integers(1, 200))]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@pytest.mark.skipif(
    corpus.absent(corpus.CORPUS / "vcard"),
    reason="the vCard corpus (../shared/corpus/vcard) is missing",
)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_corpus_files())
def test_mutated_and_truncated_corpus_files_raise_nothing_but_format_error(data):
    parse_or_format_error(data)
