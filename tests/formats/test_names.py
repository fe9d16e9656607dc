"""Splitting written names into parts, and the initials they give."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.formats.names import NameParts, split_name


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Jane Doe", NameParts(given="Jane", family="Doe")),
        ("Doe, Jane", NameParts(given="Jane", family="Doe")),
        ("Dr. Juan de la Vega III", NameParts("Dr.", "Juan", "", "de la Vega", "III")),
        (
            "John A. Smith Jr.",
            NameParts(given="John", additional="A.", family="Smith", suffix="Jr."),
        ),
        ('Robert "Bob" Jones', NameParts(given="Robert", family="Jones", nickname="Bob")),
        ("Zoë Łukasiewicz-Nowak", NameParts(given="Zoë", family="Łukasiewicz-Nowak")),
        ("Madonna", NameParts(given="Madonna")),
        ("   ", NameParts()),
    ],
)
def test_split_name(text, parts):
    assert split_name(text) == parts


def test_full_name_puts_parts_back_in_order():
    assert NameParts("Dr.", "Jane", "A.", "Doe", "PhD").full() == "Dr. Jane A. Doe PhD"


@given(st.text(max_size=80))
def test_split_name_never_raises_and_keeps_only_words_of_the_input(text):
    parts = split_name(text)
    words = set(" ".join(text.split()).replace(",", " ").split())
    for word in parts.full().replace(",", " ").split():
        assert any(word in w or w in word for w in words)


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("Dr. John Q. Public", "JP"),
        ("Mr. John Smith Sr.", "JS"),
        ("Rev. Martin Luther King, Jr.", "MK"),
        ("Prof. Dr. Anna Maria von Stein", "AV"),
        ("Doe, Jane", "JD"),
        ("zoë łukasiewicz-nowak", "ZŁ"),
        ("Madonna", "M"),
        ("", ""),
    ],
)
def test_initials_come_from_the_given_and_family_name_never_a_title(text, initials):
    assert split_name(text).initials() == initials


def test_initials_skip_what_is_not_a_letter():
    assert NameParts(given="(Jo)", family="'t Hooft").initials() == "JT"
    assert NameParts(prefix="Dr.", suffix="PhD").initials() == ""
