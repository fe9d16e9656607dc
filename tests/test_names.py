"""Splitting written names into parts."""

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
