"""Google Contacts CSV: the real samples, multi-value cells, and render round trips."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.formats.csvfiles import parse, render_google
from keepwarm.formats.records import (
    ContactRecord,
    DateFact,
    Labeled,
    PostalAddress,
    Relation,
)
from keepwarm.lib.dates import MonthDay
from tests import corpus

GOOGLE = corpus.CORPUS / "csv" / "google"


def corpus_file(name: str) -> bytes:
    return corpus.require(GOOGLE / name).read_bytes()


def test_current_google_sample_reads_both_people_with_a_no_year_birthday():
    result = parse(corpus_file("google_2024_format_example.csv"))

    assert result.format == "google csv"
    assert result.skipped == []
    john, max_ = result.records
    assert (john.line, john.given_name, john.family_name) == (2, "John", "Doe")
    assert john.birthday == DateFact("birthday", MonthDay(9, 7, 1987))
    assert (max_.line, max_.given_name, max_.additional_names) == (3, "Max", "Amadeus")
    assert max_.family_name == "Mustermann"
    assert max_.suffix == "(geb. Musterfrau)"
    assert max_.birthday == DateFact("birthday", MonthDay(12, 25, None))


def test_legacy_google_sample_reads_groups_labels_addresses_and_events():
    result = parse(corpus_file("google_legacy_format_example.csv"))

    assert result.format == "google csv (legacy)"
    john, max_ = result.records
    assert john.display_name == "John Doe"
    assert john.emails == (Labeled("Doe@gmail.com", "home", preferred=True),)
    assert john.phones == (Labeled("01701234567", "mobile"), Labeled("03012345678", "home"))
    assert john.urls == (Labeled("https://www.facebook.com", "Profile"),)
    assert john.addresses == (
        PostalAddress("home", "78 Test Straße", "Dresden", "", "01237", "DE"),
    )
    assert john.birthday == DateFact("birthday", MonthDay(9, 7, 1987))
    assert john.dates == (DateFact("Hochzeitstag", MonthDay(1, 1, 2010)),)
    assert john.categories == ("Mittelschule", "JGA Blake", "friends")
    assert max_.line == 4
    assert max_.birthday == DateFact("birthday", MonthDay(12, 25, None))
    assert max_.phones == (Labeled("+49 171 1234567", "mobile"),)
    assert max_.addresses[0].locality == "Hoppegarten"
    assert max_.categories == ("Nachbar",)


def test_multi_value_cells_become_several_values_with_the_group_label():
    data = (
        b"First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,"
        b"Phone 1 - Label,Phone 1 - Value,Relation 1 - Label,Relation 1 - Value\n"
        b"Ada,Quist,Chess ::: * myContacts ::: * starred,* Work,"
        b"ada@work.example ::: ada@home.example,Mobile,+1 555 0100 ::: +1 555 0101,"
        b"Spouse,Ben Quist\n"
    )

    (ada,) = parse(data).records

    assert ada.emails == (
        Labeled("ada@work.example", "work", preferred=True),
        Labeled("ada@home.example", "work", preferred=True),
    )
    assert [p.value for p in ada.phones] == ["+1 555 0100", "+1 555 0101"]
    assert ada.categories == ("Chess",)
    assert ada.relations == (Relation("spouse", "Ben Quist"),)


def test_render_writes_no_year_birthdays_the_way_google_does():
    record = ContactRecord(
        line=2,
        given_name="Max",
        family_name="Mustermann",
        birthday=DateFact("birthday", MonthDay(12, 25)),
    )

    header, row = csv.reader(io.StringIO(render_google([record]).decode()))

    assert header[:3] == ["First Name", "Middle Name", "Last Name"]
    assert dict(zip(header, row, strict=True))["Birthday"] == " --12-25"


text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    max_size=12,
).map(lambda s: " ".join(s.split()))
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
labels = st.sampled_from(["", "home", "work", "mobile", "other", "Hochzeitstag"])
months = st.integers(1, 12)
day = st.builds(
    lambda m, d, y: MonthDay(m, min(d, 28), y),
    months,
    st.integers(1, 31),
    st.none() | st.integers(1901, 2030).filter(lambda y: y not in (1970, 2000)),
)
labeled = st.builds(Labeled, word.map(lambda w: f"{w}@example.org"), labels, st.booleans())
address = st.builds(PostalAddress, labels, text, text, text, text, text).filter(
    lambda a: any((a.street, a.locality, a.region, a.postcode, a.country))
)


@st.composite
def records(draw: st.DrawFn) -> ContactRecord:
    given, family = draw(word), draw(word)
    return ContactRecord(
        line=0,
        display_name=f"{given} {family}",
        given_name=given,
        family_name=family,
        nickname=draw(text),
        company=draw(text),
        job_title=draw(text),
        notes=draw(text),
        emails=tuple(draw(st.lists(labeled, max_size=3))),
        phones=tuple(draw(st.lists(labeled, max_size=2))),
        addresses=tuple(draw(st.lists(address, max_size=2))),
        birthday=draw(st.none() | st.builds(DateFact, st.just("birthday"), day)),
        dates=tuple(draw(st.lists(st.builds(DateFact, labels.filter(bool), day), max_size=2))),
        relations=tuple(draw(st.lists(st.builds(Relation, st.just("spouse"), word), max_size=1))),
        categories=tuple(draw(st.lists(word, max_size=3, unique=True))),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=4))
def test_render_then_parse_gives_back_every_field_google_carries(people):
    result = parse(render_google(people))

    # The generated text holds no newline, so record n starts on line n + 2.
    expected = [replace(person, line=n + 2) for n, person in enumerate(people)]
    assert result.records == expected
