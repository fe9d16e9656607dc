"""When two pieces of contact data are the same: one key for each kind, which
every door compares by.

A merge drops a row of the absorbed person whose key the kept person has
already; an import adds no row whose key the person has already; the compare
page marks a value "same" by it; the duplicate search and the import's
matching compare names and companies by ``text_key``. Text is compared
loosely: case, accents, apostrophes and runs of spaces make no difference
("Rue de l'Église" is "rue de l eglise"), as in search (``search.fold``).
"""

from __future__ import annotations

from keepwarm.contacts.search import fold


def text_key(text: str) -> str:
    """A name, a company, a label or a line of an address, as compared."""
    return " ".join(fold(text).split())


def point_key(kind: str, normalized: str, value: str = "") -> tuple[str, str]:
    """An email, phone or web address: its kind and its normalised value
    (``services.normalize_contact``: the same number written two ways is one);
    a row saved without one, by its value as written."""
    return kind, normalized or text_key(value)


def address_key(street: str, locality: str, postcode: str) -> tuple[str, str, str]:
    """An address: its street, place and postcode. A label, a region or a
    country written on one and not on the other does not make another address."""
    return text_key(street), text_key(locality), text_key(postcode)


def date_key(label: str, month: int, day: int) -> tuple[str, int, int]:
    """A key date: its label and its day. A year known on one and not on the
    other does not make another date."""
    return text_key(label), month, day


def relation_key(kind: str, other_id: int | None, other_name: str) -> tuple[str, int | None, str]:
    """A relationship: its kind and the contact it links to, or the name
    written for someone who is not a contact (``Relationship``: one or the other)."""
    return kind, other_id, text_key(other_name)
