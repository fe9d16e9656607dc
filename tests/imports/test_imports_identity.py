"""Who a card is: a UID or an email merges; a shared phone, a common name or a
name and company merge only when nothing says they are different people, and
otherwise both are kept and shown as a possible pair. Phones, emails and
countries are kept as the file has them, normalised only where that is sure."""

from __future__ import annotations

import pytest

from keepwarm.contacts.duplicates import EXACT, POSSIBLE, find_duplicates
from keepwarm.contacts.models import Address, ContactPoint, Person
from keepwarm.formats import vcard
from keepwarm.imports import service
from keepwarm.owned import owned


def cards(*bodies: str) -> bytes:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\n{body.strip()}\r\nEND:VCARD\r\n" for body in bodies
    ).encode()


def load(user, data: bytes) -> service.Report:
    return service.apply(user, vcard.parse(data), source="test.vcf")


def names(user) -> list[str]:
    return sorted(owned(Person, user).values_list("display_name", flat=True))


HOUSEHOLD = cards(
    """
UID:uid-jane
FN:Jane Doe
EMAIL:jane@example.com
TEL:+49 30 9876543
BDAY:1980-03-14
""",
    """
UID:uid-john
FN:John Doe
EMAIL:john@example.org
TEL:+49 30 9876543
BDAY:1978-11-02
""",
)


def test_two_people_sharing_a_landline_stay_two_and_are_offered_as_a_pair(alice, frozen):
    report = load(alice, HOUSEHOLD)
    assert report.summary() == "2 new, 0 updated, 0 same, 0 skipped"
    assert names(alice) == ["Jane Doe", "John Doe"]
    john = owned(Person, alice).get(display_name="John Doe")
    assert (john.birthday_month, john.birthday_day, john.birthday_year) == (11, 2, 1978)
    said = report.outcomes[1].changes[-1]
    assert said.startswith("kept apart (see Duplicates): same phone +49 30 9876543 as Jane Doe")
    assert "different birthdays" in said and "different card UIDs" in said

    [pair] = find_duplicates(alice)
    assert pair.strength == POSSIBLE  # a shared line, and much that says otherwise
    assert "same phone +49 30 9876543" in pair.reasons
    assert {"no email in common", "different card UIDs"} <= set(pair.conflicts)


def test_the_same_file_again_changes_nothing(alice, frozen):
    load(alice, HOUSEHOLD)
    report = load(alice, HOUSEHOLD)
    assert report.summary() == "0 new, 0 updated, 2 same, 0 skipped"
    assert all(not o.changes for o in report.outcomes)


def test_namesakes_at_one_company_with_other_emails_and_birthdays_stay_apart(alice, frozen):
    data = cards(
        "FN:John Smith\nORG:Acme\nEMAIL:john.smith@acme.example\nBDAY:1970-05-01",
        "FN:John Smith\nORG:Acme\nEMAIL:jsmith@gmail.example\nBDAY:1985-09-30",
    )
    assert load(alice, data).summary() == "2 new, 0 updated, 0 same, 0 skipped"
    [pair] = find_duplicates(alice)
    assert pair.strength != EXACT  # `dedupe --auto-exact` leaves them alone


def test_a_name_and_company_merge_when_nothing_contradicts_them(alice, frozen):
    data = cards(
        "FN:Ana Ruiz\nORG:Acme\nEMAIL:ana@acme.example",
        "FN:Ana Ruiz\nORG:Acme\nTEL:+34 912 345 678\nBDAY:1990-01-02",
    )
    assert load(alice, data).summary() == "1 new, 1 updated, 0 same, 0 skipped"
    ana = owned(Person, alice).get()
    assert (ana.birthday_month, ana.birthday_day) == (1, 2)
    assert ana.contact_points.count() == 2


def test_a_phone_with_a_shorter_name_of_the_same_person_merges(alice, frozen):
    data = cards("FN:Jane Doe\nTEL:+49 30 1111111", "FN:J. Doe\nTEL:+49 30 1111111\nNOTE:Hi")
    assert load(alice, data).summary() == "1 new, 1 updated, 0 same, 0 skipped"


def test_an_email_is_strong_even_with_another_name(alice, frozen):
    data = cards("FN:Jane Doe\nEMAIL:jane@example.com", "FN:Jane Smith\nEMAIL:JANE@example.com")
    assert load(alice, data).summary() == "1 new, 1 updated, 0 same, 0 skipped"
    jane = owned(Person, alice).get()
    assert jane.display_name == "Jane Doe"
    assert jane.extras == "family name: Smith"  # the other card's name is not lost


def phones(user) -> dict[str, str]:
    rows = owned(ContactPoint, user).filter(kind="phone")
    return dict(rows.values_list("value", "normalized"))


def test_a_phone_is_never_dropped_and_read_with_the_right_country(alice, frozen):
    # alice's account is in Germany.
    data = cards(
        "FN:Uma UK\nTEL:020 7946 0321\nADR:;;1 High St;London;;SW1A 1AA;United Kingdom",
        "FN:Dirk DE\nTEL:0170 1234567\nTEL:03443-303776",
        "FN:Wen CN\nTEL:010-67255922\nADR:;;;Beijing;;;China",
        "FN:Odd One\nTEL:+123456789",
        "FN:Sam US\nTEL:0351 223344\nADR:;;1 Main St;Springfield;IL;62701;U.S.A.",
    )
    load(alice, data)
    assert phones(alice) == {
        "020 7946 0321": "+442079460321",
        "0170 1234567": "+491701234567",
        "03443-303776": "+493443303776",
        "010-67255922": "+861067255922",
        "+123456789": "+123456789",  # valid nowhere: kept as typed, compared by its digits
        "0351 223344": "+49351223344",  # not a US number; a German one (the account's)
    }


def test_a_number_valid_nowhere_is_kept_as_typed_never_given_a_wrong_country(bob, frozen):
    # bob's account is in the United States.
    load(bob, cards("FN:Dora Dresden\nTEL:0351 223344"))
    assert phones(bob) == {"0351 223344": "0351223344"}  # never +10351223344


def test_emails_that_are_not_strictly_valid_are_kept(alice, frozen):
    load(alice, cards("FN:Odd Mail\nEMAIL:contact1@invalid\nEMAIL:blablö@blub.com"))
    emails = owned(ContactPoint, alice).filter(kind="email").values_list("value", flat=True)
    assert sorted(emails) == ["blablö@blub.com", "contact1@invalid"]


def test_country_names_become_codes_and_never_a_street_line(alice, frozen):
    data = cards(
        "FN:A\nADR:;;1 Main St;Springfield;IL;62701;U.S.A.",
        "FN:B\nADR:;;2 Main St;Boston;MA;02110;United States of America",
        "FN:C\nADR:;;Hauptstr. 1;Berlin;;10115;Deutschland",
        "FN:D\nADR:;;1 rue de Rivoli;Paris;;75001;France",
        "FN:E\nADR:;;Erewhon Road 1;Erewhon;;;Erewhon",
    )
    load(alice, data)
    rows = owned(Address, alice).order_by("person__display_name")
    assert [(a.street, a.country, a.country_name) for a in rows] == [
        ("1 Main St", "US", ""),
        ("2 Main St", "US", ""),
        ("Hauptstr. 1", "DE", ""),
        ("1 rue de Rivoli", "FR", ""),
        ("Erewhon Road 1", "", "Erewhon"),  # not a country we know: kept as written
    ]
    assert rows.get(person__display_name="E").lines()[-1] == "Erewhon"


# Nothing is lost: what has no field is kept verbatim, and goes back out -------


ODDS_AND_ENDS = cards(
    """
FN:Jane Doe
N:Doe;Jane;;;
X-SKYPE:jane.doe
IMPP;TYPE=work:xmpp:jane@chat.example
ORG:Acme;Research;Lab 2
CATEGORIES:Friends\\, close,Work
BDAY;VALUE=text:circa 1980
X-MS-SPOUSE:Tom
RELATED;TYPE=friend:urn:uuid:1234
PHOTO;VALUE=uri:https://example.com/jane.jpg
""",
    """
FN:Acme Corp
ORG:Acme Corp
X-ABShowAs:COMPANY
TEL:+49 30 5555555
""",
)


def test_properties_with_no_field_are_kept_as_extras(alice, frozen):
    report = load(alice, ODDS_AND_ENDS)
    jane = owned(Person, alice).get(display_name="Jane Doe")
    assert jane.extras.splitlines() == [
        "X-SKYPE: jane.doe",
        "IMPP (work): xmpp:jane@chat.example",
        "ORG unit: Research; Lab 2",
        "RELATED (friend): urn:uuid:1234",
        "PHOTO: https://example.com/jane.jpg",
        "birthday: circa 1980",
    ]
    assert sorted(jane.tags.values_list("name", flat=True)) == ["Friends, close", "Work"]
    assert "kept as imported extras" in report.outcomes[0].changes[-1]


def test_a_company_card_stays_a_company(alice, frozen):
    load(alice, ODDS_AND_ENDS)
    acme = owned(Person, alice).get(display_name="Acme Corp")
    assert acme.is_organization
    assert (acme.given_name, acme.family_name, acme.company) == ("", "", "Acme Corp")


def test_export_then_import_into_a_fresh_account_keeps_every_extra(alice, bob, frozen):
    from keepwarm.imports.export import prefetched, record_of

    load(alice, ODDS_AND_ENDS)
    for version in ("4.0", "3.0"):
        data = vcard.render([record_of(p) for p in prefetched(alice)], version)
        if version == "3.0":
            assert b"X-ABShowAs:COMPANY" in data
        else:
            assert b"KIND:org" in data
        owned(Person, bob).delete()
        load(bob, data)
        for theirs in owned(Person, bob):
            mine = owned(Person, alice).get(display_name=theirs.display_name)
            assert (theirs.extras, theirs.is_organization) == (mine.extras, mine.is_organization)
        assert load(bob, data).summary() == "0 new, 0 updated, 2 same, 0 skipped"


def png(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(out, "PNG")
    return out.getvalue()


def with_photo(picture: bytes, name: str = "Jane Doe") -> bytes:
    import base64

    encoded = base64.b64encode(picture).decode()
    folded = "\r\n ".join(encoded[i : i + 74] for i in range(0, len(encoded), 74))
    return cards(f"FN:{name}\nPHOTO;ENCODING=b;TYPE=PNG:{folded}")


def test_a_photo_is_kept_small_exported_and_imported_again(alice, bob, frozen, settings, tmp_path):
    from PIL import Image

    from keepwarm.imports.export import prefetched, record_of

    settings.MEDIA_ROOT = tmp_path / "media"
    report = load(alice, with_photo(png(1200, 900)))
    assert "photo" in report.outcomes[0].changes
    jane = owned(Person, alice).get()
    with jane.photo.open("rb") as stored, Image.open(stored) as picture:
        assert max(picture.size) == 256
    exported = vcard.render([record_of(p) for p in prefetched(alice)])
    assert b"PHOTO:data:image/" in exported
    load(bob, exported)
    assert owned(Person, bob).get().photo
    assert load(alice, exported).summary() == "0 new, 0 updated, 1 same, 0 skipped"


def test_a_picture_that_cannot_be_read_is_said_and_nothing_is_written(
    alice, frozen, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load(alice, with_photo(b"not a picture at all"))
    jane = owned(Person, alice).get()
    assert not jane.photo
    assert jane.extras.startswith("photo: a picture that was not kept: That file is not an image")


def test_a_photo_file_is_written_by_the_import_and_only_kept_if_it_succeeds(
    alice, frozen, settings, tmp_path, monkeypatch
):
    """A preview writes no file; an import writes its files before it commits
    (a process killed after the commit must not leave people naming files that
    never came), and deletes them when it fails."""
    settings.MEDIA_ROOT = tmp_path / "media"
    report = service.preview(alice, vcard.parse(with_photo(png(50, 50))))
    assert "photo" in report.outcomes[0].changes
    assert not (tmp_path / "media").exists()

    def refused(report):
        assert len(list((tmp_path / "media").rglob("*.*"))) == 1  # written before the commit
        raise RuntimeError("the upload could not be forgotten")

    with pytest.raises(RuntimeError):
        service.apply(alice, vcard.parse(with_photo(png(50, 50))), source="f", then=refused)
    assert list((tmp_path / "media").rglob("*.*")) == []
    assert not owned(Person, alice).exists()
    load(alice, with_photo(png(50, 50), "Ok One"))
    (stored,) = (tmp_path / "media").rglob("*.*")
    assert (
        owned(Person, alice).get().photo.name == stored.relative_to(tmp_path / "media").as_posix()
    )


def test_a_photo_named_but_never_written_counts_as_none(alice, frozen, settings, tmp_path):
    """People left naming a missing file (by an import killed after its commit,
    before a version that wrote the files first) get the file's photo again."""
    settings.MEDIA_ROOT = tmp_path / "media"
    load(alice, with_photo(png(50, 50), "Ok One"))
    jane = owned(Person, alice).get()
    jane.photo.storage.delete(jane.photo.name)
    report = load(alice, with_photo(png(50, 50), "Ok One"))
    assert report.outcomes[0].changes == ["photo"]
    jane.refresh_from_db()
    assert jane.photo.storage.exists(jane.photo.name)


def test_a_common_name_with_other_phones_stays_two_people(alice, frozen):
    data = cards("FN:John Smith\nTEL:+49 30 1111111", "FN:John Smith\nTEL:+49 40 2222222")
    report = load(alice, data)
    assert report.summary() == "2 new, 0 updated, 0 same, 0 skipped"
    assert "same name as John Smith, but no phone in common" in report.outcomes[1].changes[-1]


def test_what_a_card_adds_counts_in_later_chunks_too(alice, frozen, monkeypatch):
    monkeypatch.setattr(service, "CHUNK", 1)  # every card its own chunk
    load(alice, cards("FN:Jane Doe\nEMAIL:jane@example.com\nBDAY:1980-03-14"))
    data = cards(
        "FN:Jane Doe\nEMAIL:jane@example.com\nTEL:+49 30 7777777",
        "FN:Jane Doe\nTEL:+49 30 7777777\nBDAY:1950-01-01",
    )
    report = load(alice, data)
    assert report.summary() == "1 new, 1 updated, 0 same, 0 skipped"
    assert "different birthdays" in report.outcomes[1].changes[-1]


def test_a_birth_year_fills_the_day_we_had_and_a_second_birthday_is_kept(alice, frozen):
    load(alice, cards("UID:u1\nFN:Jane Doe\nBDAY:--03-14"))
    report = load(alice, cards("UID:u1\nFN:Jane Doe\nBDAY:1980-03-14"))
    assert report.outcomes[0].changes == ["birth year"]
    load(alice, cards("UID:u1\nFN:Jane Doe\nBDAY:1981-03-14"))
    jane = owned(Person, alice).get()
    assert (jane.birthday_month, jane.birthday_day, jane.birthday_year) == (3, 14, 1980)
    assert jane.extras == "birthday: 1981-03-14"
