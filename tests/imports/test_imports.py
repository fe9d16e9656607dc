"""Importing parsed records: matching, merging, preview, and all-or-nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from keepwarm.contacts.models import Address, ContactPoint, KeyDate, Person, Relationship
from keepwarm.contacts.services import create_person
from keepwarm.formats.records import (
    ContactRecord,
    DateFact,
    FormatError,
    Labeled,
    ParseResult,
    PostalAddress,
    Relation,
    Skipped,
)
from keepwarm.imports import service
from keepwarm.lib.dates import MonthDay
from keepwarm.owned import owned


def ana(line: int = 1, **changes) -> ContactRecord:
    values = {
        "line": line,
        "uid": "uid-ana",
        "display_name": "Ana Ruiz",
        "given_name": "Ana",
        "family_name": "Ruiz",
        "company": "Acme",
        "emails": (Labeled("ana@example.com", "work"),),
        "phones": (Labeled("+49 30 1234567", "mobile"),),
        "addresses": (PostalAddress("home", "Hauptstr. 1", "Berlin", "", "10115", "DE"),),
        "birthday": DateFact("birthday", MonthDay(3, 14, 1980)),
        "dates": (DateFact("anniversary", MonthDay(6, 1, 2010)),),
        "relations": (Relation("spouse", "Luis Ruiz"),),
        "categories": ("college",),
        "notes": "Met at the climbing gym.",
    }
    values.update(changes)
    return ContactRecord(**values)


def parsed(*records, skipped=()) -> ParseResult:
    return ParseResult("vcard 3.0", list(records), list(skipped))


def test_a_new_person_with_every_detail(alice):
    report = service.apply(alice, parsed(ana()), source="contacts.vcf")
    assert report.summary() == "1 new, 0 updated, 0 same, 0 skipped"
    person = owned(Person, alice).get()
    assert (person.display_name, person.company, person.source) == (
        "Ana Ruiz",
        "Acme",
        "contacts.vcf",
    )
    assert (person.birthday_month, person.birthday_day, person.birthday_year) == (3, 14, 1980)
    assert person.external_uid == "uid-ana"
    assert {p.normalized for p in ContactPoint.objects.filter(person=person)} == {
        "ana@example.com",
        "+49301234567",
    }
    assert Address.objects.get(person=person).locality == "Berlin"
    assert KeyDate.objects.get(person=person).label == "anniversary"
    assert Relationship.objects.get(person=person).other_name == "Luis Ruiz"
    assert list(person.tags.values_list("name", flat=True)) == ["college"]
    assert "ruiz" in person.search_text


def test_the_same_file_twice_changes_nothing(alice):
    service.apply(alice, parsed(ana()), source="a.vcf")
    counts = _counts(alice)
    again = service.apply(alice, parsed(ana()), source="a.vcf")
    assert again.summary() == "0 new, 0 updated, 1 same, 0 skipped"
    assert _counts(alice) == counts


@pytest.mark.parametrize(
    "changes",
    [
        {"uid": "uid-ana", "display_name": "A. Ruiz", "emails": (), "phones": ()},
        {"uid": "", "display_name": "Ana R.", "phones": ()},
        {"uid": "", "display_name": "Ana R.", "emails": (), "phones": (Labeled("030 1234567"),)},
        {"uid": "", "emails": (), "phones": ()},
    ],
    ids=["uid", "email", "phone", "name-and-company"],
)
def test_a_record_matches_by_uid_then_email_then_phone_then_name(alice, changes):
    service.apply(alice, parsed(ana()), source="a.vcf")
    report = service.apply(alice, parsed(ana(**changes)), source="b.vcf")
    assert report.counts["new"] == 0
    assert owned(Person, alice).count() == 1


def test_an_update_adds_what_is_missing_and_keeps_what_the_user_wrote(alice):
    jane = create_person(alice, "Jane Doe", emails=["jane@example.com"], company="Own Co")
    record = ContactRecord(
        line=7,
        display_name="Jane Doe",
        company="Their Co",
        job_title="Chemist",
        emails=(Labeled("jane@example.com"), Labeled("jane@work.example")),
    )
    report = service.apply(alice, parsed(record), source="b.vcf")
    assert report.outcomes[0].action == "updated"
    assert (
        "job title" in report.outcomes[0].changes
        and "email jane@work.example" in report.outcomes[0].changes
    )
    jane.refresh_from_db()
    assert (jane.company, jane.job_title) == ("Own Co", "Chemist")
    assert ContactPoint.objects.filter(person=jane, kind="email").count() == 2


def test_two_cards_for_one_person_in_a_file_become_one(alice):
    report = service.apply(alice, parsed(ana(1), ana(9, uid="", notes="Second card.")), source="a")
    assert [o.action for o in report.outcomes] == ["new", "updated"]
    assert "Second card." in owned(Person, alice).get().notes


def test_a_doubtful_birthday_year_is_dropped(alice):
    record = ana(birthday=DateFact("birthday", MonthDay(1, 1, 1900), doubtful=True))
    service.apply(alice, parsed(record), source="a")
    person = owned(Person, alice).get()
    assert (person.birthday_month, person.birthday_day, person.birthday_year) == (1, 1, None)


def test_skipped_records_keep_their_line_and_reason(alice):
    nameless = ContactRecord(line=12)
    report = service.apply(
        alice, parsed(ana(), nameless, skipped=[Skipped(5, "no END:VCARD")]), source="a"
    )
    assert [(o.line, o.action, o.reason) for o in report.outcomes] == [
        (1, "new", ""),
        (5, "skipped", "no END:VCARD"),
        (12, "skipped", "no name, email or phone"),
    ]


def test_values_that_are_not_contact_points_are_kept_as_extras(alice):
    record = ana(emails=(Labeled("not an email"),), phones=(Labeled("call me"),))
    report = service.apply(alice, parsed(record), source="a")
    person = owned(Person, alice).get()
    assert not owned(ContactPoint, alice).exists()
    assert person.extras == "email: not an email\nphone: call me"
    assert "kept as imported extras: email, phone" in report.outcomes[0].changes


def test_the_preview_writes_nothing(alice):
    report = service.preview(
        alice, parsed(ana(), ana(2, uid="uid-2", display_name="Bo Li", emails=(), phones=()))
    )
    assert report.summary() == "2 new, 0 updated, 0 same, 0 skipped"
    assert not owned(Person, alice).exists()


def test_a_failure_halfway_leaves_everything_as_it_was(alice, monkeypatch):
    service.apply(alice, parsed(ana()), source="a")
    before = _counts(alice)
    original = service._create

    def fail_on_second(user, record, *args):
        if record.line == 2:
            raise RuntimeError("disk full")
        return original(user, record, *args)

    monkeypatch.setattr(service, "_create", fail_on_second)
    records = [
        ana(1, uid="u1", display_name="One", emails=(), phones=()),
        ana(2, uid="u2", display_name="Two", emails=(), phones=()),
    ]
    with pytest.raises(RuntimeError):
        service.apply(alice, parsed(*records), source="b")
    assert _counts(alice) == before


def test_bob_never_matches_alices_people(alice, bob):
    service.apply(alice, parsed(ana()), source="a")
    report = service.apply(bob, parsed(ana()), source="a")
    assert report.counts["new"] == 1
    assert owned(Person, bob).count() == 1 and owned(Person, alice).count() == 1


def _counts(user):
    return tuple(
        owned(model, user).count()
        for model in (Person, ContactPoint, Address, KeyDate, Relationship)
    )


def test_a_future_birth_year_is_dropped_and_a_long_category_is_cut(alice, frozen):
    long_tag = "x" * 80
    record = ana(
        birthday=DateFact("birthday", MonthDay(3, 14, 2999)),
        dates=(DateFact("anniversary", MonthDay(6, 1, 1200)),),
        categories=(long_tag,),
    )
    report = service.apply(alice, ParseResult("vcard", [record], []), source="f.vcf")
    person = owned(Person, alice).get(pk=report.outcomes[0].person_id)
    assert (person.birthday_month, person.birthday_day, person.birthday_year) == (3, 14, None)
    assert person.key_dates.get().year is None
    assert list(person.tags.values_list("name", flat=True)) == ["x" * 60]


def test_a_value_the_models_refuse_stops_the_import_naming_its_line(alice, frozen, monkeypatch):
    good = ana(line=1, uid="u-1", display_name="Bo Li", emails=(), phones=())
    bad = ana(line=7, uid="", emails=(), phones=(), display_name="Ana")
    original = Person.clean

    def refuse(self):
        if self.display_name == "Ana":
            raise ValidationError("Something is wrong.")
        return original(self)

    monkeypatch.setattr(Person, "clean", refuse)
    with pytest.raises(FormatError, match="line 7: Something is wrong"):
        service.apply(alice, ParseResult("vcard", [good, bad], []), source="f.vcf")
    assert not owned(Person, alice).exists()


@pytest.mark.parametrize("let_go", [False, True])
def test_records_go_in_file_order_across_chunks_and_let_go_hands_them_over(
    alice, frozen, monkeypatch, let_go
):
    # Five chunks of two and one of one: the third card repeats the first by email.
    monkeypatch.setattr(service, "CHUNK", 2)
    cards = [
        ana(line=n * 10, uid=f"uid-{n}", display_name=f"Person {n}", given_name=f"P{n}",
            emails=(Labeled(f"p{1 if n == 3 else n}@example.org"),), phones=(),
            relations=(), dates=(), birthday=None)
        for n in range(1, 12)
    ]  # fmt: skip
    result = parsed(*cards)

    again = (lambda: parsed(*cards)) if let_go else None
    report = service.apply(alice, result, source="chunks.vcf", reread=again)

    assert [o.line for o in report.outcomes] == [n * 10 for n in range(1, 12)]
    assert report.counts[service.NEW] == 10 and report.counts[service.UPDATED] == 1
    assert report.outcomes[2].person_id == report.outcomes[0].person_id
    assert len(result.records) == (0 if let_go else 11)
    assert owned(Person, alice).count() == 10


def test_every_person_field_an_import_fills_is_one_it_validates(alice, frozen):
    """``service._WRITTEN`` names the fields a card fills, which the import
    validates; a merge that starts filling another field must add it there (or
    the value would reach the database unchecked)."""
    record = ana(
        display_name="Dr. Ana María Ruiz",
        prefix="Dr.",
        additional_names="María",
        suffix="PhD",
        nickname="Ani",
        job_title="Chemist",
        urls=(Labeled("https://ana.example"),),
        extras=(("X-SHOE-SIZE", "38"),),
        is_company=False,
    )
    report = service.apply(alice, parsed(record), source="contacts.vcf")
    person = owned(Person, alice).get(pk=report.outcomes[0].person_id)
    fresh = Person(owner=alice, circle=person.circle)
    # Written by the import, checked on their own way in: the extras (whole
    # lines, bounded by add_extras), the picture (made small) and what the
    # database keeps up to date.
    own_checks = {"extras", "photo", "search_text", "created_at", "updated_at", "id"}
    filled = {
        f.name
        for f in Person._meta.concrete_fields
        if not f.generated and getattr(person, f.attname) != getattr(fresh, f.attname)
    }
    assert filled - own_checks <= service._WRITTEN, filled - own_checks - service._WRITTEN
    assert {"given_name", "family_name", "company", "notes", "birthday_month"} <= filled
