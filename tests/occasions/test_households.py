"""One card per household: the same place spelled differently, spouses and
partners, different family names, and the deceased and archived left out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from keepwarm.contacts.models import Address, Relationship
from keepwarm.contacts.services import create_person
from keepwarm.occasions.households import Member, fold, group, households, name_on_card


def _person(user, name, street="", city="", postcode="", country="US", **fields):
    person = create_person(user, name, **fields)
    if street or city:
        Address.objects.create(
            owner=user,
            person=person,
            street=street,
            locality=city,
            postcode=postcode,
            country=country,
        )
    return person


def _names(found):
    return sorted(h.name_on_card for h in found)


def test_same_address_spelled_differently_is_one_card(alice):
    jane = _person(alice, "Jane Doe", "12 Main Street", "Springfield", "62701")
    john = _person(alice, "John Doe", "12 main st.", "SPRINGFIELD", "62701")
    found = households([jane, john])
    assert _names(found) == ["Jane & John Doe"]
    assert {p.pk for p in found[0].people} == {jane.pk, john.pk}
    assert found[0].address is not None


def test_german_street_with_accents_and_abbreviation_is_one_place(alice):
    one = _person(alice, "Jürgen Müller", "Hauptstraße 5", "München", "80331", "DE")
    two = _person(alice, "Anna Müller", "Hauptstr. 5", "Muenchen", "80331", "DE")
    three = _person(alice, "Lena Müller", "Hauptstr. 5", "München", "80 331", "DE")
    found = households([one, two, three])
    # "Muenchen" is another spelling the fold does not know: Anna gets her own card.
    assert _names(found) == ["Anna Müller", "Jürgen & Lena Müller"]


def test_different_family_names_are_each_written_out(alice):
    jane = _person(alice, "Jane Doe", "1 Elm Rd", "Salem", "97301")
    john = _person(alice, "John Roe", "1 Elm Road", "Salem", "97301")
    assert _names(households([jane, john])) == ["Jane Doe & John Roe"]


def test_three_with_one_family_name(alice):
    people = [
        _person(alice, n, "9 Oak Ave", "Dayton") for n in ("Jane Doe", "John Doe", "Lily Doe")
    ]
    assert _names(households(people)) == ["Jane, John & Lily Doe"]


def test_spouse_without_an_address_joins_the_partners_card(alice):
    jane = _person(alice, "Jane Doe", "12 Main Street", "Springfield")
    john = _person(alice, "John Doe")
    Relationship.objects.create(owner=alice, person=jane, kind="spouse", other=john)
    found = households([jane, john])
    assert _names(found) == ["Jane & John Doe"]
    assert found[0].address.person_id == jane.pk


def test_spouses_at_different_addresses_get_two_cards(alice):
    jane = _person(alice, "Jane Doe", "12 Main Street", "Springfield")
    john = _person(alice, "John Doe", "40 Harbor Rd", "Portland")
    Relationship.objects.create(owner=alice, person=jane, kind="partner", other=john)
    assert _names(households([jane, john])) == ["Jane Doe", "John Doe"]


def test_a_friend_without_an_address_does_not_join(alice):
    jane = _person(alice, "Jane Doe", "12 Main Street", "Springfield")
    sam = _person(alice, "Sam Doe")
    Relationship.objects.create(owner=alice, person=jane, kind="friend", other=sam)
    found = {h.name_on_card: h for h in households([jane, sam])}
    assert set(found) == {"Jane Doe", "Sam Doe"}
    assert found["Sam Doe"].address is None


def test_deceased_and_archived_are_never_on_a_card(alice):
    jane = _person(alice, "Jane Doe", "12 Main Street", "Springfield")
    john = _person(alice, "John Doe", "12 Main Street", "Springfield", deceased=True)
    old = _person(alice, "Old Friend", "12 Main Street", "Springfield", archived=True)
    found = households([jane, john, old])
    assert _names(found) == ["Jane Doe"]
    assert [p.pk for p in found[0].people] == [jane.pk]


def test_the_mailing_address_is_the_one_marked(alice):
    jane = _person(alice, "Jane Doe", "1 Work Plaza", "Boston")
    home = Address.objects.create(
        owner=alice,
        person=jane,
        street="5 Home Ln",
        locality="Boston",
        country="US",
        is_mailing=True,
    )
    john = _person(alice, "John Doe", "5 Home Lane", "Boston")
    found = households([jane, john])
    assert _names(found) == ["Jane & John Doe"]
    assert found[0].address.pk == home.pk


def test_an_address_without_country_is_in_the_users_country(alice):
    jane = _person(alice, "Jane Doe", "12 Main Street", "Springfield", country="")
    john = _person(alice, "John Doe", "12 Main Street", "Springfield", country="US")
    assert len(households([jane, john], home_country="US")) == 1
    assert len(households([jane, john], home_country="DE")) == 2


def test_fold_removes_case_accents_and_punctuation():
    assert fold("  Ñoño-Straße,  5 ") == "nono strasse 5"


def test_a_very_long_shared_name_falls_back_to_the_household():
    members = [Member(i, "A" * 60, "Doe", f"{'A' * 60} Doe") for i in range(5)]
    assert name_on_card(members) == "The Doe household"


PLACES = st.sampled_from([("1 main st",), ("2 elm rd",), ("3 oak ave",)])
MEMBERS = st.lists(
    st.tuples(
        st.sampled_from(["Jane", "John", "Lily", ""]),
        st.sampled_from(["Doe", "Roe", ""]),
        st.one_of(st.none(), PLACES),
        st.sets(st.integers(min_value=0, max_value=11), max_size=2),
    ),
    max_size=12,
)


@given(MEMBERS)
def test_everyone_is_on_exactly_one_card(rows):
    members = [
        Member(i, given, family, f"{given} {family}".strip() or "?", place, frozenset(partners))
        for i, (given, family, place, partners) in enumerate(rows)
    ]
    groups = group(members)
    on_cards = [m.id for g in groups for m in g]
    assert sorted(on_cards) == [m.id for m in members]
    for g in groups:
        places = {m.place for m in g if m.place is not None}
        assert len(places) <= 1  # never two places on one card
        assert name_on_card(g)
