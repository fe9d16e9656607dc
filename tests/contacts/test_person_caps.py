"""How much one person can hold (``contacts.limits``), the same at every door:
the person form, the services, the command line, a merge, an import and a
restore. Nothing over a cap is dropped silently: it is refused with a message,
or (an import) reported in the record's outcome with its reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.backup import BackupError
from keepwarm.backup.json_backup import dump, to_json
from keepwarm.backup.restore import restore_account
from keepwarm.cli import cli
from keepwarm.contacts import limits
from keepwarm.contacts.merge import MergeError, merge_people
from keepwarm.contacts.models import (
    Address,
    ContactPoint,
    Job,
    KeyDate,
    LifeEvent,
    Person,
    Relationship,
)
from keepwarm.contacts.services import add_contact_point, create_person
from keepwarm.formats import vcard
from keepwarm.formats.records import (
    ContactRecord,
    DateFact,
    Labeled,
    ParseResult,
    PostalAddress,
    Relation,
)
from keepwarm.imports import service
from keepwarm.lib.dates import MonthDay
from keepwarm.owned import owned
from tests.web.person_form import payload
from tests.web.reading import text_of

MODELS = {
    "contact_points": ContactPoint,
    "addresses": Address,
    "key_dates": KeyDate,
    "relationships": Relationship,
    "life_events": LifeEvent,
    "jobs": Job,
}
PREFIXES = {
    "contact_points": "contacts",
    "addresses": "addresses",
    "key_dates": "dates",
    "relationships": "relations",
    "life_events": "events",
    "jobs": "jobs",
}


def saved_row(key: str, person: Person, i: int, tag: str = "old"):
    """Row ``i`` of kind ``key`` for ``person``, unsaved; rows differ by ``i`` and ``tag``."""
    common = {"owner": person.owner, "person": person}
    return {
        "contact_points": lambda: ContactPoint(
            **common,
            kind="email",
            value=f"{tag}{i}@example.com",
            normalized=f"{tag}{i}@example.com",
        ),
        "addresses": lambda: Address(**common, street=f"{i} {tag} Street", locality="Berlin"),
        "key_dates": lambda: KeyDate(**common, label=f"{tag} {i}", month=1 + i % 12, day=1),
        "relationships": lambda: Relationship(**common, kind="friend", other_name=f"{tag} {i}"),
        "life_events": lambda: LifeEvent(
            **common, kind="move", date=dt.date(2000, 1, 1) + dt.timedelta(days=i)
        ),
        "jobs": lambda: Job(**common, company=f"{tag} {i}"),
    }[key]()


def fill(key: str, person: Person, count: int, tag: str = "old") -> None:
    MODELS[key].objects.bulk_create([saved_row(key, person, i, tag) for i in range(count)])


def count(key: str, person: Person) -> int:
    return MODELS[key].objects.filter(person=person).count()


def form_row(key: str, i: int) -> dict:
    """A new row of kind ``key`` as the person form posts it."""
    return {
        "contact_points": {"kind": "email", "value": f"new{i}@example.com"},
        "addresses": {"street": f"{i} New Street", "locality": "Berlin", "country": "DE"},
        "key_dates": {"label": f"new {i}", "month": "3", "day": "4"},
        "relationships": {"kind": "friend", "who": f"New friend {i}"},
        "life_events": {"kind": "move", "date": "2025-01-01"},
        "jobs": {"company": f"New Co {i}"},
    }[key]


@pytest.fixture
def sam(alice):
    return create_person(alice, "Sam Lee", emails=["sam@example.com"])


# The limits themselves


def test_every_kind_of_row_on_a_person_has_a_cap_and_a_message():
    assert set(limits.CAPS) == set(MODELS)
    for key, cap in limits.CAPS.items():
        assert hasattr(Person, key), key  # the key is the rows' name on the person
        assert f"at most {cap.limit} {cap.name}" in cap.refusal()
        assert cap.refusal(cap.limit + 3).endswith(
            f"this would be {cap.limit + 3}: remove 3 first."
        )
    assert Person._meta.get_field("notes").max_length == limits.NOTE_LENGTH


@given(values=st.lists(st.text(min_size=1, max_size=200), max_size=40))
def test_the_import_report_line_counts_all_and_names_a_few(values):
    line = limits.over_limit(limits.ADDRESSES, values)
    assert line.startswith(limits.OVER_LIMIT)
    assert f": {len(values):,} (" in line
    more = len(values) - limits.SHOWN
    assert (f" and {more:,} more)" in line) == (more > 0)
    assert len(line) < 400


# The person form


@pytest.mark.parametrize("key", list(MODELS))
def test_the_form_refuses_a_new_person_with_more_rows_than_the_cap(
    alice, alice_client, frozen, key
):
    cap = limits.CAPS[key]
    rows = {PREFIXES[key]: [form_row(key, i) for i in range(cap.limit + 1)]}
    response = alice_client.post(reverse("person_new"), payload(alice, rows))
    assert response.status_code == 200
    assert cap.refusal(cap.limit + 1) in text_of(response)
    assert "Nothing was saved" in text_of(response)
    assert not owned(Person, alice).filter(display_name="Jane Doe").exists()


@pytest.mark.parametrize("key", list(MODELS))
def test_the_form_refuses_one_more_row_for_a_person_at_the_cap(
    alice, alice_client, sam, frozen, key
):
    """Counted in the database: a post that leaves the saved rows out adds no more."""
    cap = limits.CAPS[key]
    fill(key, sam, cap.limit - count(key, sam))
    rows = {PREFIXES[key]: [form_row(key, 0)]}
    url = reverse("person_edit", args=[sam.pk])
    response = alice_client.post(url, payload(alice, rows, display_name="Sam Lee"))
    assert response.status_code == 200
    assert cap.refusal(cap.limit + 1) in text_of(response)
    assert count(key, sam) == cap.limit


def _saved_contacts(person: Person, delete: int | None = None) -> list[dict]:
    rows = []
    for index, point in enumerate(ContactPoint.objects.filter(person=person)):
        row = {"id": str(point.pk), "kind": point.kind, "value": point.value, "label": ""}
        if index == delete:
            row["DELETE"] = "on"
        rows.append(row)
    return rows


def test_at_the_cap_a_row_can_replace_one_removed(alice, alice_client, sam, frozen):
    fill("contact_points", sam, limits.CONTACT_POINTS.limit - 1)
    url = reverse("person_edit", args=[sam.pk])
    page = alice_client.get(url)
    assert page.context["editor"].formsets["contacts"].total_form_count() == 50  # no blank row
    one_more = [*_saved_contacts(sam), form_row("contact_points", 0)]
    refused = alice_client.post(url, payload(alice, {"contacts": one_more}, display_name="Sam"))
    assert limits.CONTACT_POINTS.refusal(51) in text_of(refused)
    swapped = [*_saved_contacts(sam, delete=3), form_row("contact_points", 0)]
    saved = alice_client.post(url, payload(alice, {"contacts": swapped}, display_name="Sam"))
    assert saved.status_code == 302
    points = set(ContactPoint.objects.filter(person=sam).values_list("value", flat=True))
    assert len(points) == 50 and "new0@example.com" in points


def test_a_person_over_the_cap_from_an_older_version_stays_editable(
    alice, alice_client, sam, frozen
):
    """The page shows the first 50 rows and says how many more there are; the
    person can still be saved, but nothing more can be added."""
    fill("contact_points", sam, 2_000)
    url = reverse("person_edit", args=[sam.pk])
    page = alice_client.get(url)
    assert page.status_code == 200
    assert len(page.context["editor"].formsets["contacts"].forms) == 50
    assert "The first 50 are shown here; 1951 more, kept from an older version" in text_of(page)
    shown = _saved_contacts(sam)[:50]
    renamed = alice_client.post(url, payload(alice, {"contacts": shown}, display_name="Sam B."))
    assert renamed.status_code == 302
    assert Person.objects.get(pk=sam.pk).display_name == "Sam B."
    more = [*shown, form_row("contact_points", 0)]
    refused = alice_client.post(url, payload(alice, {"contacts": more}, display_name="Sam"))
    assert limits.CONTACT_POINTS.refusal(2_002) in text_of(refused)
    assert count("contact_points", sam) == 2_001


def test_the_form_refuses_a_note_over_the_limit(alice, alice_client, frozen):
    response = alice_client.post(reverse("person_new"), payload(alice, notes="x" * 20_001))
    assert response.status_code == 200
    assert "at most 20000 characters" in text_of(response)
    assert not owned(Person, alice).exists()


# The services and the command line


def test_the_service_refuses_more_contact_points_than_the_cap(alice, frozen):
    emails = [f"m{i}@example.com" for i in range(40)]
    phones = [f"+49 30 12345{i:02d}" for i in range(11)]
    with pytest.raises(ValidationError, match="and this would be 51: remove one first"):
        create_person(alice, "Many Ways", emails=emails, phones=phones)
    assert not owned(Person, alice).exists()
    person = create_person(alice, "Many Ways", emails=emails, phones=phones[:10])
    assert count("contact_points", person) == 50
    with pytest.raises(ValidationError, match="at most 50 emails, phones and web addresses"):
        add_contact_point(person, "email", "one.more@example.com")
    assert count("contact_points", person) == 50


def test_the_service_refuses_a_note_over_the_limit(alice, frozen):
    with pytest.raises(ValidationError, match="at most 20000 characters"):
        create_person(alice, "Long Note", notes="x" * 20_001)
    assert not owned(Person, alice).exists()


def run(*args: str, user: str = "alice"):
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": "200"})


def test_keepwarm_add_refuses_more_contact_points_than_the_cap(alice, frozen):
    emails = [arg for i in range(51) for arg in ("--email", f"m{i}@example.com")]
    result = run("add", "Many Mails", *emails)
    assert result.exit_code == 1
    assert limits.CONTACT_POINTS.refusal(51) in result.output
    assert "Traceback" not in result.output
    assert not owned(Person, alice).exists()


# Merge


def test_a_merge_over_a_cap_is_refused_and_changes_no_one(alice, frozen):
    keep = create_person(alice, "Ann Bell", emails=[f"a{i}@example.com" for i in range(30)])
    other = create_person(alice, "Ann B.", emails=[f"b{i}@example.com" for i in range(30)])
    with pytest.raises(MergeError) as caught:
        merge_people(alice, keep, other)
    assert str(caught.value) == (
        "Ann B. cannot be merged into Ann Bell: a person can have at most 50 emails, phones "
        "and web addresses, and this would be 60: remove 10 first."
    )
    assert (count("contact_points", keep), count("contact_points", other)) == (30, 30)
    assert owned(Person, alice).count() == 2


def test_two_people_at_the_cap_with_the_same_rows_merge(alice, frozen):
    emails = [f"a{i}@example.com" for i in range(50)]
    keep = create_person(alice, "Ann Bell", emails=emails)
    other = create_person(alice, "Ann B.", emails=emails[::-1])
    merge_people(alice, keep, other)
    assert count("contact_points", keep) == 50
    assert owned(Person, alice).count() == 1


@pytest.mark.parametrize("key", list(MODELS))
def test_a_merge_refuses_every_kind_of_row_over_its_cap(alice, frozen, key):
    cap = limits.CAPS[key]
    keep = create_person(alice, "Ann Bell")
    other = create_person(alice, "Ann B.")
    fill(key, keep, cap.limit)
    fill(key, other, 2, tag="new")
    with pytest.raises(MergeError, match=f"this would be {cap.limit + 2}: remove 2 first"):
        merge_people(alice, keep, other)
    assert (count(key, keep), count(key, other)) == (cap.limit, 2)


def test_a_different_birthday_counts_as_a_key_date_the_merge_would_add(alice, frozen):
    keep = create_person(alice, "Ann Bell", birthday_month=3, birthday_day=1)
    other = create_person(alice, "Ann B.", birthday_month=4, birthday_day=2)
    fill("key_dates", keep, limits.KEY_DATES.limit)
    with pytest.raises(MergeError, match="at most 50 key dates, and this would be 51"):
        merge_people(alice, keep, other)


def test_a_merge_keeps_a_note_that_does_not_fit_with_the_extras(alice, frozen):
    keep = create_person(alice, "Ann Bell", notes="k" * 15_000)
    other = create_person(alice, "Ann Bell", notes="o" * 15_000)
    merge_people(alice, keep, other)
    keep.refresh_from_db()
    assert keep.notes == "k" * 15_000
    assert "o" * 15_000 in keep.extras


def test_the_merge_page_says_why_it_did_not_merge(alice, alice_client, frozen):
    keep = create_person(alice, "Ann Bell", emails=[f"a{i}@example.com" for i in range(30)])
    other = create_person(alice, "Ann B.", emails=[f"b{i}@example.com" for i in range(30)])
    url = reverse("duplicate_compare", args=[keep.pk, other.pk])
    response = alice_client.post(url, {"keep": str(keep.pk)})
    assert response.status_code == 200
    assert "cannot be merged into Ann Bell: a person can have at most 50" in text_of(response)
    assert owned(Person, alice).count() == 2


def test_keepwarm_dedupe_says_why_a_pair_was_not_merged_and_goes_on(alice, frozen):
    keep = create_person(alice, "Sam Lee", emails=[f"s{i}@example.com" for i in range(40)])
    other = create_person(
        alice, "Sam Lee", emails=["s0@example.com", *(f"t{i}@example.com" for i in range(20))]
    )
    one = run("dedupe", "--merge", str(keep.pk), str(other.pk))
    assert one.exit_code == 2
    assert "this would be 60: remove 10 first" in one.output
    create_person(alice, "Kim Park", emails=["kim@example.com"])
    create_person(alice, "Kim Park", emails=["kim@example.com"])
    every = run("dedupe", "--auto-exact")
    assert every.exit_code == 0, every.output
    assert "Not merged: Sam Lee cannot be merged into Sam Lee" in every.output
    assert "Merged 1 exact duplicate." in every.output
    assert owned(Person, alice).filter(display_name="Sam Lee").count() == 2


# Import


def many_emails_card(count: int) -> bytes:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Many Mails",
        "N:Mails;Many;;;",
        *(f"EMAIL;TYPE=INTERNET:m{i}@example.com" for i in range(count)),
        "END:VCARD",
    ]
    return "\r\n".join(lines).encode() + b"\r\n"


def over_line(outcome) -> str:
    return next(c for c in outcome.changes if c.startswith(limits.OVER_LIMIT))


def test_a_card_with_5000_emails_makes_one_person_with_50_and_reports_the_rest(
    alice, alice_client, frozen
):
    report = service.apply(alice, vcard.parse(many_emails_card(5_000)), source="many.vcf")
    assert report.summary() == "1 new, 0 updated, 0 same, 0 skipped"
    person = owned(Person, alice).get()
    emails = list(ContactPoint.objects.filter(person=person).values_list("value", flat=True))
    assert sorted(emails) == sorted(f"m{i}@example.com" for i in range(50))
    (outcome,) = report.outcomes
    assert over_line(outcome) == (
        "not imported, over the limit of 50 emails, phones and web addresses a person can "
        "have: 4,950 (email m50@example.com, email m51@example.com, email m52@example.com "
        "and 4,947 more)"
    )
    assert "m4999@example.com" not in person.extras  # reported, not thousands of extras lines
    for name in ("person", "person_edit"):
        page = alice_client.get(reverse(name, args=[person.pk]))
        assert page.status_code == 200
        assert "m49@example.com" in text_of(page)


def test_the_same_file_again_changes_no_one_and_says_so(alice, frozen):
    """What a cap left out is said again, but the person is the same: not "updated"."""
    service.apply(alice, vcard.parse(many_emails_card(60)), source="many.vcf")
    report = service.apply(alice, vcard.parse(many_emails_card(60)), source="many.vcf")
    assert report.summary() == "0 new, 0 updated, 1 same, 0 skipped"
    assert over_line(report.outcomes[0]).endswith(
        "10 (email m50@example.com, email m51@example.com, email m52@example.com and 7 more)"
    )


def test_a_second_card_for_a_person_at_the_cap_reports_all_it_brings(alice, frozen):
    service.apply(alice, vcard.parse(many_emails_card(60)), source="first.vcf")
    again = many_emails_card(0).replace(
        b"END:VCARD", b"EMAIL:m0@example.com\r\nEMAIL:late@example.com\r\nEND:VCARD"
    )
    report = service.apply(alice, vcard.parse(again), source="second.vcf")
    (outcome,) = report.outcomes
    assert ": 1 (email late@example.com)" in over_line(outcome)
    assert owned(ContactPoint, alice).count() == 50


def record(**values) -> ContactRecord:
    return ContactRecord(line=1, display_name="Many Things", uid="uid-many", **values)


IMPORT_CASES = {
    "addresses": (
        lambda n: {
            "addresses": tuple(PostalAddress("", f"{i} Main St", "Berlin") for i in range(n))
        },
        "20 Main St; Berlin",
    ),
    "key_dates": (
        lambda n: {
            "dates": tuple(DateFact(f"day {i}", MonthDay(1 + i % 12, 1 + i % 28)) for i in range(n))
        },
        "day 50 --03-23",
    ),
    "relationships": (
        lambda n: {"relations": tuple(Relation("friend", f"Friend {i}") for i in range(n))},
        "friend Friend 100",
    ),
}


@pytest.mark.parametrize("key", list(IMPORT_CASES))
def test_an_import_keeps_rows_up_to_each_cap_and_reports_the_rest(alice, frozen, key):
    make, first_over = IMPORT_CASES[key]
    cap = limits.CAPS[key]
    report = service.apply(
        alice, ParseResult("vcard 3.0", [record(**make(cap.limit + 7))]), source="f"
    )
    person = owned(Person, alice).get()
    assert count(key, person) == cap.limit
    line = over_line(report.outcomes[0])
    assert line.startswith(f"{limits.OVER_LIMIT} of {cap.limit} {cap.name} a person can have: 7 (")
    assert first_over in line


def test_an_import_keeps_a_note_over_the_limit_with_the_extras(alice, frozen):
    note = "n" * 25_000
    service.apply(alice, ParseResult("vcard 3.0", [record(notes=note)]), source="f")
    person = owned(Person, alice).get()
    assert person.notes == ""
    assert note in person.extras


def test_keepwarm_import_prints_what_was_over_a_limit(alice, frozen, tmp_path):
    path = tmp_path / "many.vcf"
    path.write_bytes(many_emails_card(120))
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "line 1: Many Mails: not imported, over the limit of 50" in result.output
    assert ": 70 (email m50@example.com" in result.output
    assert owned(ContactPoint, alice).count() == 50


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    saved=st.integers(min_value=0, max_value=60),
    brought=st.lists(st.integers(min_value=0, max_value=90), max_size=90),
)
def test_an_import_adds_up_to_the_room_left_and_reports_every_other_new_value(
    alice, frozen, saved, brought
):
    """Whatever the person had and the card brings: what is new is either added
    (up to the cap) or counted in the report; nothing else is said or done."""
    person = create_person(alice, "Ann Bell")
    person.external_uid = "uid-many"
    person.save()
    fill("contact_points", person, saved, tag="m")
    emails = tuple(Labeled(f"m{i}@example.com") for i in brought)
    report = service.preview(alice, ParseResult("vcard 3.0", [record(emails=emails)]))
    changes = report.outcomes[0].changes
    new = len({i for i in brought if i >= saved})
    added = min(new, max(0, 50 - saved))
    assert sum(c.startswith("email ") for c in changes) == added
    over = [c for c in changes if c.startswith(limits.OVER_LIMIT)]
    assert len(over) == (1 if new > added else 0)
    if over:
        assert f"a person can have: {new - added:,} (" in over[0]
    person.delete()


# Restore


@pytest.fixture
def backed_up(alice, frozen):
    """Alice's backup, with one person who has one row of every kind."""
    person = create_person(alice, "Jane Doe", emails=["jane@example.com"])
    for key in MODELS:
        if key != "contact_points":
            fill(key, person, 1)
    data, _ = dump(alice)
    return data


def _restored(data: dict) -> bytes:
    return to_json(data).encode()


@pytest.mark.parametrize("key", list(MODELS))
def test_restore_refuses_a_person_over_a_cap_naming_the_rows(backed_up, key, frozen):
    cap = limits.CAPS[key]
    first = backed_up[key][0]
    backed_up[key] = [{**first, "id": n} for n in range(1, cap.limit + 2)]
    with pytest.raises(BackupError) as caught:
        restore_account(_restored(backed_up), "dana")
    assert str(caught.value) == (
        f"{key}: people id 1 has {cap.limit + 1} of them; "
        f"a person can have at most {cap.limit} {cap.name}."
    )
    assert not Person.objects.filter(owner__username="dana").exists()


def test_restore_takes_a_person_at_the_cap(backed_up, frozen):
    first = backed_up["contact_points"][0]
    backed_up["contact_points"] = [
        {**first, "id": n, "value": f"p{n}@example.com"} for n in range(1, 51)
    ]
    user = restore_account(_restored(backed_up), "dana")
    assert owned(ContactPoint, user).count() == 50


def test_restore_refuses_a_note_over_the_limit(backed_up, frozen):
    backed_up["people"][0]["notes"] = "x" * 20_001
    with pytest.raises(BackupError, match=r"people id 1: notes: .*at most 20000 characters"):
        restore_account(json.dumps(backed_up).encode(), "dana")


def test_a_card_of_thousands_of_unknown_lines_keeps_500_extras_and_reports_the_rest(alice, frozen):
    lines = "\r\n".join(f"X-NOTE-{i}:value {i}" for i in range(2_000))
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Odd One\r\n{lines}\r\nEND:VCARD\r\n".encode()
    report = service.apply(alice, vcard.parse(card), source="odd.vcf")
    person = owned(Person, alice).get()
    assert len(person.extra_values()) == limits.EXTRAS.limit
    assert over_line(report.outcomes[0]).startswith(
        "not imported, over the limit of 500 imported extras a person can have: 1,500 "
        "(X-NOTE-500: value 500,"
    )
    again = service.apply(alice, vcard.parse(card), source="odd.vcf")
    assert again.summary() == "0 new, 0 updated, 1 same, 0 skipped"
