"""`keepwarm import`: real corpus files in, twice without duplicates, a touch log, bad files."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.models import ContactPoint, Person
from keepwarm.owned import owned
from keepwarm.touches.models import Touch
from tests.corpus import CORPUS, needs_corpus


def run(*args: str, user: str = "alice"):
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": "200"})


@needs_corpus
def test_a_google_export_imports_once_and_then_changes_nothing(alice, frozen):
    path = CORPUS / "csv" / "google" / "google_2024_format_example.csv"
    first = run("import", str(path))
    assert first.exit_code == 0, first.output
    assert "2 new, 0 updated, 0 same, 0 skipped" in first.output
    counts = (owned(Person, alice).count(), owned(ContactPoint, alice).count())
    second = run("import", str(path))
    assert "0 new, 0 updated, 2 same, 0 skipped" in second.output
    assert (owned(Person, alice).count(), owned(ContactPoint, alice).count()) == counts
    assert owned(Person, alice).first().source.startswith("google_2024_format_example.csv")


@needs_corpus
def test_every_vcard_in_the_corpus_imports_without_a_traceback(alice, frozen):
    files = sorted((CORPUS / "vcard").rglob("*.vcf"))
    assert files
    for path in files:
        result = run("import", str(path))
        assert result.exit_code in (0, 1), (path, result.output)
        assert "Traceback" not in result.output
    assert owned(Person, alice).count() >= 40


@needs_corpus
def test_a_dry_run_changes_nothing(alice, frozen):
    path = CORPUS / "csv" / "google" / "google_legacy_format_example.csv"
    result = run("import", str(path), "--dry-run", "--tag", "google")
    assert result.exit_code == 0 and "Would import" in result.output
    assert not owned(Person, alice).exists()


def test_a_touch_history_file_is_logged_once(alice, jane, frozen, tmp_path):
    path = tmp_path / "touches.csv"
    path.write_text(
        "date,kind,people,note\n"
        "2026-11-20,Coffee,jane@example.com,Good talk\n"
        "2026-11-21,tea,Jane Doe,\n"
        "2026-11-22,coffee,Nobody Known,\n"
    )
    first = run("import", str(path))
    assert first.exit_code == 0, first.output
    assert "1 new, 0 already logged, 2 skipped" in first.output
    assert "line 3: skipped, no touch kind is called 'tea'" in first.output
    assert "line 4: skipped, no one is 'Nobody Known'" in first.output
    assert "0 new, 1 already logged" in run("import", str(path)).output
    assert owned(Touch, alice).count() == 1


def test_a_file_that_is_not_contacts_gives_one_clear_error(alice, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some words\nand more words\n")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "notes.txt:" in result.output and "Traceback" not in result.output
    assert not owned(Person, alice).exists()


def test_an_unknown_circle_is_refused(alice, tmp_path):
    path = tmp_path / "one.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nEND:VCARD\r\n")
    result = run("import", str(path), "--circle", "Nope")
    assert result.exit_code == 1 and "No circle named 'Nope'" in result.output
    assert run("import", str(path), "--circle", "close").exit_code == 0
    assert owned(Person, alice).get().circle.name == "Close"


def _snapshot(user):
    """Each person's fields and details, comparable across accounts."""
    people = {}
    for person in owned(Person, user).order_by("display_name"):
        people[person.display_name] = {
            "names": (person.prefix, person.given_name, person.family_name, person.suffix),
            "work": (person.company, person.job_title, person.nickname),
            "notes": person.notes,
            "birthday": (person.birthday_month, person.birthday_day, person.birthday_year),
            "points": sorted(person.contact_points.values_list("kind", "normalized", "label")),
            "addresses": sorted(
                person.addresses.values_list("street", "locality", "postcode", "country")
            ),
            "dates": sorted(person.key_dates.values_list("label", "month", "day", "year")),
            "relations": sorted((r.kind, r.other_display) for r in person.relationships.all()),
            "tags": sorted(person.tags.values_list("name", flat=True)),
        }
    return people


@pytest.mark.parametrize("kind", ["vcard", "csv"])
def test_export_then_import_into_a_fresh_account_keeps_people_and_fields(
    alice, bob, jane, frozen, tmp_path, kind
):
    from keepwarm.contacts.models import Address, KeyDate, Relationship
    from keepwarm.contacts.services import add_contact_point, create_person

    Person.objects.filter(pk=jane.pk).update(
        birthday_month=2, birthday_day=29, job_title="Chemist", notes="Loves sour cherries."
    )
    add_contact_point(jane, "url", "https://jane.example.org", label="blog")
    Address.objects.create(
        owner=alice,
        person=jane,
        label="home",
        street="Hauptstr. 1",
        locality="Berlin",
        postcode="10115",
        country="DE",
    )
    KeyDate.objects.create(owner=alice, person=jane, label="anniversary", month=6, day=1, year=2010)
    Relationship.objects.create(owner=alice, person=jane, kind="spouse", other_name="Tom Doe")
    create_person(alice, "Ana Ruiz", emails=["ana@example.com"], tags=["choir"])
    path = tmp_path / f"everyone.{kind}"
    result = run("export", "--format", kind, "-o", str(path))
    assert result.exit_code == 0 and "Exported 2 people" in result.output
    imported = run("import", str(path), user="bob")
    assert imported.exit_code == 0, imported.output
    mine, theirs = _snapshot(alice), _snapshot(bob)
    if kind == "csv":  # Google CSV carries no anniversary labels or relation kinds alike
        for person in (*mine.values(), *theirs.values()):
            person.pop("dates"), person.pop("relations")
    assert theirs == mine
    again = run("import", str(path), user="bob")
    assert "0 new, 0 updated, 2 same" in again.output


def test_the_touch_log_exports_and_imports_back(alice, bob, jane, frozen, tmp_path):
    from keepwarm.contacts.services import create_person
    from keepwarm.touches.services import log_touch
    from tests.conftest import kind as kind_of

    log_touch(alice, [jane], kind_of(alice, "coffee"), note="Good talk")
    path = tmp_path / "touches.csv"
    assert run("export", "--format", "touches", "-o", str(path)).exit_code == 0
    create_person(bob, "Jane Doe", emails=["jane@example.com"])
    result = run("import", str(path), user="bob")
    assert "1 new" in result.output
    touch = owned(Touch, bob).get()
    assert (touch.kind.label, touch.note, touch.date) == (
        "coffee",
        "Good talk",
        dt.date(2026, 11, 25),
    )
