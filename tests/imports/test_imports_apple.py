"""Apple and Gmail cards end to end: labels become plain words, spouses and children
become relationships, a doubtful year is dropped, in the database."""

from __future__ import annotations

from keepwarm.contacts.models import Person
from keepwarm.imports import files, service
from keepwarm.owned import owned
from tests.corpus import CORPUS, needs_corpus


def load(user, relative: str) -> Person:
    data = (CORPUS / "vcard" / relative).read_bytes()
    report = service.apply(user, files.parse_contacts(data, "vcard"), source=relative)
    (outcome,) = report.outcomes
    return owned(Person, user).get(pk=outcome.person_id)


@needs_corpus
def test_iphone_labels_become_plain_labels(alice, frozen):
    person = load(alice, "ez-vcard/John_Doe_IPHONE.vcf")
    labels = dict(person.contact_points.filter(kind="phone").values_list("value", "label"))
    assert labels["905-222-1234"] == "assistant phone"
    assert labels["905-888-1234"] == "home fax"
    assert person.contact_points.get(kind="url").label == "home page"
    assert not any("$!<" in label for label in labels.values())


@needs_corpus
def test_gmail_relations_become_relationships_and_doubtful_years_are_dropped(alice, frozen):
    person = load(alice, "ez-vcard/gmail-single2.vcf")
    kinds = set(person.relationships.values_list("kind", "other_name"))
    assert {("spouse", "Name2"), ("child", "Name3"), ("parent", "Name4")} <= kinds
    assert ("partner", "Name14") in kinds
    custom = person.key_dates.get(label="CustomDateCategory")
    assert (custom.month, custom.day, custom.year) == (9, 12, None)
    anniversary = person.key_dates.get(label="anniversary")
    assert (anniversary.month, anniversary.day, anniversary.year) == (3, 20, 1930)


@needs_corpus
def test_a_mac_address_book_spouse_and_birthday(alice, frozen):
    person = load(alice, "ez-vcard/John_Doe_MAC_ADDRESS_BOOK.vcf")
    assert person.relationships.get().other_name == "Jenny"
    assert person.relationships.get().kind == "spouse"
    assert (person.birthday_month, person.birthday_day, person.birthday_year) == (6, 6, 2012)


def test_an_apple_child_and_a_year_1604_birthday(alice, frozen):
    card = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\n"
        b"BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14\r\n"
        b"item1.X-ABRELATEDNAMES:Lily Doe\r\nitem1.X-ABLabel:_$!<Child>!$_\r\n"
        b"item2.X-ABRELATEDNAMES:John Doe\r\nitem2.X-ABLabel:_$!<Spouse>!$_\r\n"
        b"item3.EMAIL;type=INTERNET:jane@example.com\r\nitem3.X-ABLabel:_$!<Other>!$_\r\n"
        b"END:VCARD\r\n"
    )
    report = service.apply(alice, files.parse_contacts(card, "vcard"), source="card.vcf")
    person = owned(Person, alice).get(pk=report.outcomes[0].person_id)
    assert set(person.relationships.values_list("kind", "other_name")) == {
        ("child", "Lily Doe"),
        ("spouse", "John Doe"),
    }
    assert (person.birthday_month, person.birthday_day, person.birthday_year) == (3, 14, None)
    assert person.contact_points.get().label == "other"
