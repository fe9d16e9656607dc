"""One rule for "the same contact data": a merge, an import and the compare page
judge it alike (``contacts.sameness``), and the compare page says exactly what
a merge will do."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from keepwarm.contacts.merge import FILLED, PARTS, merge_people
from keepwarm.contacts.models import Address, Job, KeyDate, Person, Relationship
from keepwarm.contacts.services import create_person, default_circle
from keepwarm.formats.records import (
    ContactRecord,
    DateFact,
    Labeled,
    ParseResult,
    PostalAddress,
    Relation,
)
from keepwarm.formats.touchlog import TouchLogResult, TouchRow
from keepwarm.imports import service, touches
from keepwarm.lib.dates import MonthDay
from keepwarm.owned import owned
from keepwarm.touches.services import log_touch
from keepwarm.web.views.duplicate_sides import (
    FILL_WORDS,
    MOVES,
    SAME,
    Side,
    compare,
    merge_outcome,
)
from tests.conftest import kind

# The compare page and the merge ------------------------------------------------------


def sentences(user, keep: Person, absorb: Person) -> list[str]:
    return merge_outcome(Side.of(user, keep), Side.of(user, absorb)).sentences


def promised_fills(user, keep: Person, absorb: Person) -> set[str]:
    """The words of the page's "Filled in from …" sentence."""
    head = f"Filled in from {absorb.display_name}: "
    for sentence in sentences(user, keep, absorb):
        if sentence.startswith(head):
            return set(re.split(r", | and ", sentence.removeprefix(head).removesuffix(".")))
    return set()


def value(person: Person, name: str):
    found = getattr(person, name)
    return found.name if name == "photo" else found


def merged_fills(user, keep: Person, absorb: Person) -> set[str]:
    """What merging changed on the kept person, in the page's words."""
    birthday = ("birthday_month", "birthday_day", "birthday_year")
    before = {name: value(keep, name) for name in (*FILLED, *birthday)}
    merge_people(user, keep, absorb)
    keep.refresh_from_db()
    changed = {name for name in before if value(keep, name) != before[name]}
    words = {FILL_WORDS[name] for name in changed if name in FILLED}
    if "birthday_month" in changed:
        words.add(FILL_WORDS["birthday"])
    elif "birthday_year" in changed:
        words.add(FILL_WORDS["birthday_year"])
    return words


EVERYTHING = {
    "prefix": "Dr.",
    "given_name": "Jane",
    "additional_names": "Q.",
    "family_name": "Doe",
    "suffix": "PhD",
    "nickname": "JJ",
    "company": "Acme",
    "job_title": "Engineer",
    "industry": "Software",
    "city": "Berlin",
    "how_we_met": "climbing",
    "external_uid": "uid-1",
    "photo": "photos/2026/jane.png",
    "deceased": True,
    "deceased_on": dt.date(2026, 1, 5),
    "birthday_month": 2,
    "birthday_day": 29,
    "birthday_year": 1984,
}


def bare(user, name: str = "jd", **fields) -> Person:
    """A person with a name and nothing else (as a card with only an email gives)."""
    return Person.objects.create(
        owner=user, display_name=name, circle=default_circle(user), **fields
    )


def test_every_field_a_merge_fills_has_words_on_the_page():
    assert set(FILL_WORDS) == {*FILLED, "birthday", "birthday_year"}


@pytest.mark.parametrize("field", [*FILLED, "birthday"])
def test_the_page_promises_a_field_exactly_when_the_merge_fills_it(alice, frozen, field):
    wanted = (
        {k: EVERYTHING[k] for k in ("birthday_month", "birthday_day", "birthday_year")}
        if field == "birthday"
        else {field: EVERYTHING[field]}
    )
    if field == "deceased_on":
        wanted["deceased"] = True
    keep, absorb = bare(alice), bare(alice, "Jane Q. Doe", **wanted)
    said = promised_fills(alice, keep, absorb)
    assert FILL_WORDS[field] in said
    assert said == merged_fills(alice, keep, absorb)


@pytest.mark.parametrize(
    ("kept", "absorbed"),
    [
        ({}, EVERYTHING),  # everything filled
        (EVERYTHING, EVERYTHING),  # nothing to fill
        (EVERYTHING, {}),
        # The kept person spells their own name: the other's parts are not taken.
        ({"given_name": "Jane", "family_name": "Doe"}, EVERYTHING),
        # The same day without a year: only the year.
        (
            {"birthday_month": 2, "birthday_day": 29},
            {"birthday_month": 2, "birthday_day": 29, "birthday_year": 1984},
        ),
        # Another day: nothing filled (it is kept as a key date).
        ({"birthday_month": 3, "birthday_day": 1}, {"birthday_month": 2, "birthday_day": 29}),
    ],
)
def test_what_the_page_says_is_filled_is_what_the_merge_fills(alice, frozen, kept, absorbed):
    keep, absorb = bare(alice, "Jane Doe", **kept), bare(alice, "Jane Q. Doe", **absorbed)
    assert promised_fills(alice, keep, absorb) == merged_fills(alice, keep, absorb)


def test_a_kept_name_keeps_its_own_spelling(alice, jane, frozen):
    """Not "Jane M. Doe"'s middle name on Jane Doe, whose name is spelled without one."""
    twin = create_person(alice, "Jane M. Doe", nickname="JJ")
    assert promised_fills(alice, jane, twin) == {"nickname"}
    merge_people(alice, jane, twin)
    jane.refresh_from_db()
    assert (jane.given_name, jane.additional_names, jane.family_name) == ("Jane", "", "Doe")
    assert jane.nickname == "JJ"
    assert "Also known as Jane M. Doe." in jane.notes


def test_every_part_a_merge_moves_is_said_on_the_page():
    said = {part for parts, _kinds, _one, _many in MOVES for part in parts}
    assert set(PARTS) - said == {"not_duplicates"}


def first_sentence(user, keep: Person, absorb: Person) -> str:
    return sentences(user, keep, absorb)[0]


def test_the_page_says_a_job_moves_and_a_touch_both_were_in_does_not(alice, jane, frozen):
    twin = create_person(alice, "Jane Doe")
    Job.objects.create(owner=alice, person=twin, company="Initech", role="Engineer")
    log_touch(alice, [jane, twin], kind(alice, "coffee"), date=dt.date(2026, 11, 1))
    said = first_sentence(alice, jane, twin)
    assert said == "Everything from Jane Doe moves to Jane Doe: 1 job."
    merge_people(alice, jane, twin)
    assert jane.jobs.count() == 1
    assert jane.touches.count() == 1


def test_the_page_says_a_relationship_with_the_kept_person_goes(alice, jane, frozen):
    twin = create_person(alice, "Jane Doe")
    Relationship.objects.create(owner=alice, person=twin, kind="sibling", other=jane)
    assert "has nothing that" in first_sentence(alice, jane, twin)
    merge_people(alice, jane, twin)
    assert not owned(Relationship, alice).exists()


def address(person: Person, street: str, **fields) -> Address:
    return Address.objects.create(
        owner=person.owner, person=person, street=street, locality="Paris", **fields
    )


def test_an_address_written_with_other_accents_or_a_country_is_the_same(alice, jane, frozen):
    twin = create_person(alice, "Jane Doe")
    address(jane, "3 rue de l'Église")
    address(twin, "3 Rue de l\u2019Eglise", region="IDF", country="FR")
    assert "has nothing that" in first_sentence(alice, jane, twin)
    row = next(
        r for r in compare(Side.of(alice, jane), Side.of(alice, twin)) if r.label == "Addresses"
    )
    assert [v.state for v in row.left + row.right] == [SAME, SAME]
    merge_people(alice, jane, twin)
    assert list(jane.addresses.values_list("street", flat=True)) == ["3 rue de l'Église"]


def test_a_key_date_and_a_relative_written_in_another_case_are_the_same(alice, jane, frozen):
    twin = create_person(alice, "Jane Doe")
    KeyDate.objects.create(owner=alice, person=jane, label="Anniversary", month=6, day=1)
    KeyDate.objects.create(owner=alice, person=twin, label="anniversary", month=6, day=1)
    Relationship.objects.create(owner=alice, person=jane, kind="spouse", other_name="Luis Núñez")
    Relationship.objects.create(owner=alice, person=twin, kind="spouse", other_name="luis  nunez")
    assert "has nothing that" in first_sentence(alice, jane, twin)
    merge_people(alice, jane, twin)
    assert list(jane.key_dates.values_list("label", flat=True)) == ["Anniversary"]
    assert list(jane.relationships.values_list("other_name", flat=True)) == ["Luis Núñez"]


# The import ---------------------------------------------------------------------------


def card(**values) -> ParseResult:
    record = ContactRecord(line=1, **values)
    return ParseResult("vcard 3.0", [record], [])


def test_an_import_matches_a_name_and_company_written_without_accents(alice, frozen):
    create_person(alice, "José Núñez", company="Acme")
    report = service.apply(alice, card(display_name="Jose Nunez", company="ACME"), source="b.vcf")
    assert report.summary() == "0 new, 0 updated, 1 same, 0 skipped"
    assert owned(Person, alice).count() == 1


def test_an_import_adds_no_address_date_or_relative_the_person_has_in_other_letters(alice, frozen):
    person = create_person(alice, "Ana Ruiz", emails=["ana@example.com"])
    Address.objects.create(owner=alice, person=person, street="3 rue de l'Église", locality="Paris")
    KeyDate.objects.create(owner=alice, person=person, label="Anniversary", month=6, day=1)
    Relationship.objects.create(owner=alice, person=person, kind="spouse", other_name="Luis Núñez")
    report = service.apply(
        alice,
        card(
            display_name="Ana Ruiz",
            emails=(Labeled("ana@example.com"),),
            addresses=(PostalAddress("home", "3 Rue de l\u2019Eglise", "PARIS", "", "", "FR"),),
            dates=(DateFact("anniversary", MonthDay(6, 1)),),
            relations=(Relation("spouse", "luis nunez"),),
        ),
        source="b.vcf",
    )
    assert report.summary() == "0 new, 0 updated, 1 same, 0 skipped"
    assert person.addresses.count() == 1
    assert person.key_dates.count() == 1
    assert person.relationships.count() == 1


def test_a_touch_log_finds_a_person_by_a_name_written_without_accents(alice, frozen):
    jose = create_person(alice, "José Núñez")
    row = TouchRow(line=2, date=dt.date(2026, 11, 1), kind="Coffee", people=("jose  nunez",))
    report = touches.apply(alice, TouchLogResult(rows=[row]))
    assert (report.added, report.skipped) == (1, [])
    assert jose.touches.count() == 1
