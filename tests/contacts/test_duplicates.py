"""Finding duplicates: strong ties by email, phone and UID; alike names only suggest."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keepwarm.contacts.duplicates import (
    EXACT,
    POSSIBLE,
    STRONG,
    candidate,
    dismiss,
    duplicates_of,
    find_duplicates,
    name_words,
)
from keepwarm.contacts.models import Person
from keepwarm.contacts.services import create_person


def pairs(user) -> dict[frozenset[str], object]:
    return {
        frozenset((c.first.display_name, c.second.display_name)): c for c in find_duplicates(user)
    }


def test_same_name_and_email_is_exact(alice, jane):
    create_person(alice, "Jane Doe", emails=["JANE@example.com"])
    (found,) = find_duplicates(alice)
    assert found.strength == EXACT
    assert "same email jane@example.com" in found.reasons
    assert "same name" in found.reasons
    assert found.first.pk < found.second.pk


def test_a_shared_phone_written_differently_is_strong(alice, jane):
    create_person(alice, "J. Doe", phones=["030 1234567"])
    (found,) = find_duplicates(alice)
    assert found.strength == STRONG
    assert any(r.startswith("same phone") for r in found.reasons)


def test_john_smith_and_john_a_smith_jr_are_only_a_suggestion(alice):
    create_person(alice, "John Smith", emails=["john@one.example"])
    create_person(alice, "John A. Smith Jr.", emails=["john@two.example"])
    (found,) = find_duplicates(alice)
    assert found.strength == POSSIBLE
    assert found.reasons == ("names alike (100%)",)


def test_john_smith_and_john_a_smith_jr_with_a_shared_email_are_strong_not_exact(alice):
    create_person(alice, "John Smith", emails=["john@one.example"])
    create_person(alice, "John A. Smith Jr.", emails=["john@one.example"])
    (found,) = find_duplicates(alice)
    assert found.strength == STRONG


def test_different_birthdays_make_a_same_name_same_email_pair_only_strong(alice):
    create_person(alice, "Ana Ruiz", emails=["ana@example.com"], birthday_month=3, birthday_day=1)
    create_person(alice, "Ana Ruiz", emails=["ana@example.com"], birthday_month=4, birthday_day=2)
    (found,) = find_duplicates(alice)
    assert found.strength == STRONG
    assert found.conflicts == ("different birthdays (1 March, 2 April)",)


def test_typo_and_reversed_names_are_suggested(alice):
    create_person(alice, "Katherine Johnson")
    create_person(alice, "Katharine Johnson")
    create_person(alice, "Müller Jürgen")
    create_person(alice, "Jurgen Mueller")
    create_person(alice, "Jürgen Müller")
    found = pairs(alice)
    assert frozenset(("Katherine Johnson", "Katharine Johnson")) in found
    assert frozenset(("Müller Jürgen", "Jürgen Müller")) in found


def test_unrelated_people_are_not_suggested(alice):
    create_person(alice, "Jane Doe", emails=["jane@example.com"])
    create_person(alice, "John Roe", emails=["john@example.com"])
    create_person(alice, "Jane Dorsey")
    assert find_duplicates(alice) == []


def test_a_switchboard_shared_by_many_ties_no_one(alice):
    for name in ["Ann Lee", "Ben Ortiz", "Cem Kaya", "Dan Wu", "Eve Sand"]:
        create_person(alice, name, phones=["+49 30 9999999"])
    assert find_duplicates(alice) == []


def test_a_shared_family_phone_with_different_names_says_so(alice):
    create_person(alice, "Jane Doe", phones=["+49 30 5550000"])
    create_person(alice, "Tom Doe", phones=["+49 30 5550000"])
    (found,) = find_duplicates(alice)
    assert found.strength == POSSIBLE  # a household's line: listed, never "very likely"
    assert "names differ" in found.conflicts
    assert found.score < 70


def test_same_card_uid_is_strong(alice):
    one = create_person(alice, "Jane Doe")
    two = create_person(alice, "Jane Q. Doe")
    Person.objects.filter(pk__in=[one.pk, two.pk]).update(external_uid="urn:uuid:1")
    (found,) = find_duplicates(alice)
    assert found.strength == STRONG
    assert "same card UID urn:uuid:1" in found.reasons


def test_order_is_strongest_first_and_limit_applies(alice, jane):
    create_person(alice, "Jane Doe", emails=["jane@example.com"])
    create_person(alice, "Bob Stone")
    create_person(alice, "Bob Stone")
    found = find_duplicates(alice)
    assert [c.strength for c in found] == [EXACT, POSSIBLE]
    assert len(find_duplicates(alice, limit=1)) == 1


def test_dismissed_pairs_are_not_suggested_again(alice, jane):
    twin = create_person(alice, "Jane Doe", emails=["jane@example.com"])
    dismiss(alice, twin, jane)
    dismiss(alice, jane, twin)  # twice is fine
    assert find_duplicates(alice) == []
    assert duplicates_of(alice, jane) == []


def test_other_users_people_are_never_compared(alice, bob, jane):
    create_person(bob, "Jane Doe", emails=["jane@example.com"])
    assert find_duplicates(alice) == []
    assert find_duplicates(bob) == []
    bobs = Person.objects.get(owner=bob)
    assert candidate(alice, jane, bobs) is None
    with pytest.raises(Person.DoesNotExist):
        dismiss(alice, jane, bobs)


def test_candidate_for_one_pair_matches_the_full_search(alice, jane):
    twin = create_person(alice, "Jane Doe", emails=["jane@example.com"])
    one = candidate(alice, twin, jane)
    (full,) = find_duplicates(alice)
    assert (one.first, one.second, one.strength, one.reasons) == (
        full.first,
        full.second,
        full.strength,
        full.reasons,
    )
    assert candidate(alice, jane, jane) is None


def test_duplicates_of_one_person(alice, jane):
    twin = create_person(alice, "Jane D.", phones=["+49 30 1234567"])
    create_person(alice, "Jane Doe")  # alike name only: not shown on the person page
    (found,) = duplicates_of(alice, jane)
    assert {found.first, found.second} == {jane, twin}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_name_words_never_fail_and_drop_titles(text):
    words = name_words(text)
    assert all(len(w) > 1 for w in words)
    assert not {"dr", "jr", "mrs"} & set(words)


def test_a_crowd_of_namesakes_gives_each_person_a_few_suggestions(alice):
    for n in range(9):
        create_person(alice, "John Smith", emails=[f"john{n}@example.com"])
    found = find_duplicates(alice)
    per_person: dict[int, int] = {}
    for c in found:
        assert c.strength == POSSIBLE
        for person in (c.first, c.second):
            per_person[person.pk] = per_person.get(person.pk, 0) + 1
    assert len(per_person) == 9
    # Each keeps at most five of their own, and is named by a few others'.
    assert len(found) <= 9 * 5
