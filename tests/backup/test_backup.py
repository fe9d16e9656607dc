"""Backup and restore of one account: every row comes back, bad files change nothing."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.apps import apps

from keepwarm.accounts.models import Profile, User
from keepwarm.backup import BackupError
from keepwarm.backup.json_backup import dump, to_json
from keepwarm.backup.restore import restore_account
from keepwarm.backup.schema import SECTIONS, VERSION, profile_fields, reminder_fields
from keepwarm.contacts.models import (
    Address,
    NotDuplicate,
    Person,
)
from keepwarm.contacts.services import create_person
from keepwarm.mail.models import ReminderSettings, settings_of
from keepwarm.occasions.models import (
    Gathering,
)
from keepwarm.owned import owned
from keepwarm.touches.models import TouchPerson
from tests.backup.accounts import account_rows, photo_bytes, rich_account

DOCS = Path(__file__).resolve().parents[2] / "docs" / "backup.md"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rich(alice, frozen, media):
    rich_account(alice)
    frozen.shift(dt.timedelta(days=3))  # restored rows must keep their own times
    return alice


def backup_bytes(user) -> bytes:
    data, warnings = dump(user)
    assert warnings == []
    return to_json(data).encode()


def without_header(text: bytes) -> dict:
    """The document without what names this account on this server: its name,
    the time of the backup, and the feed's secret (a copy beside the original
    gets a new one)."""
    data = json.loads(text)
    del data["exported_at"], data["account"], data["reminders"]["calendar_token"]
    return data


def test_the_rich_account_holds_every_kind_of_row(rich):
    rows = account_rows(rich)
    empty = [name for name, found in rows.items() if not found]
    assert empty == []


def test_restore_gives_back_every_row_field_by_field(rich, bob):
    restore_account(backup_bytes(rich), "bob")
    assert account_rows(bob) == account_rows(rich)
    assert Person.objects.get(owner=bob, given_name="Jane").photo.read() == photo_bytes()


def test_the_calendar_address_comes_back_unless_the_original_still_has_it(rich, bob):
    token = settings_of(rich).calendar_token
    data = backup_bytes(rich)
    restore_account(data, "bob")
    assert settings_of(bob).calendar_token != token  # alice's feed is still hers
    rich.delete()
    moved = restore_account(data, "alice")
    assert settings_of(moved).calendar_token == token


def test_every_model_that_holds_a_users_data_is_backed_up():
    """A new model tied to an account must be in a backup section, be the
    profile or the reminder settings, or say it is transient: else this fails."""
    user_model = apps.get_model("accounts", "User")
    tied = {
        m
        for m in apps.get_models()
        if m.__module__.startswith("keepwarm.")
        and any(
            f.is_relation and f.related_model is user_model and f.name in ("owner", "user")
            for f in m._meta.fields
        )
    }
    covered = {s.model for s in SECTIONS} | {Profile, ReminderSettings}
    transient = {m for m in tied if getattr(m, "backup_excluded", False)}
    assert tied - transient == covered


def test_a_version_1_file_without_not_duplicates_still_restores(rich, bob):
    data = json.loads(backup_bytes(rich))
    data["version"] = 1
    del data["not_duplicates"]
    restore_account(json.dumps(data).encode(), "bob")
    assert owned(Person, bob).count() == owned(Person, rich).count()
    assert not owned(NotDuplicate, bob).exists()


def test_a_version_3_file_restores_with_no_extras_and_no_country_names(rich, bob):
    data = json.loads(backup_bytes(rich))
    data["version"] = 3
    for row in data["people"]:
        del row["extras"], row["is_organization"]
    for row in data["addresses"]:
        del row["country_name"]
    del data["reminders"], data["import_mappings"]
    restore_account(json.dumps(data).encode(), "bob")
    assert owned(Person, bob).count() == owned(Person, rich).count()
    assert not owned(Person, bob).exclude(extras="").exists()
    assert not owned(Address, bob).exclude(country_name="").exists()
    assert settings_of(bob).digest_hour == 7  # the default: version 3 had no settings


def test_a_version_6_file_restores_gatherings_with_the_words_made_from_them(rich, bob):
    data = json.loads(backup_bytes(rich))
    data["version"] = 6
    for row in data["gatherings"]:
        del row["invitation_subject"], row["invitation_text"]
    restore_account(json.dumps(data).encode(), "bob")
    party = owned(Gathering, bob).get()
    assert (party.invitation_subject, party.invitation_text) == ("", "")


def test_restore_makes_a_missing_account_like_the_old_one(rich):
    user = restore_account(backup_bytes(rich), "dana")
    assert user.username == "dana" and not user.has_usable_password()
    assert (user.email, user.date_joined) == (rich.email, rich.date_joined)
    assert account_rows(user) == account_rows(rich)


def test_restore_into_an_account_made_outside_keepwarm(rich, django_user_model):
    """An account from ``manage createsuperuser`` has no profile: the restore
    gives it one the one way profiles are made, then the backup's circles and
    kinds replace the starting ones (none doubled, none left over)."""
    bare = django_user_model.objects.create_user("erin")
    assert not Profile.objects.filter(user=bare).exists()
    restore_account(backup_bytes(rich), "erin")
    assert account_rows(bare) == account_rows(rich)
    assert Profile.objects.get(user=bare).home_city == "Munich"


def test_restore_keeps_the_denormalised_columns(rich, bob):
    restore_account(backup_bytes(rich), "bob")
    jane = Person.objects.get(owner=bob, given_name="Jane")
    assert "jd@work.example" in jane.search_text and "acme" in jane.search_text
    assert jane.last_touch_on == dt.date(2026, 11, 1)
    assert set(TouchPerson.objects.filter(person=jane).values_list("date", flat=True)) == {
        dt.date(2026, 11, 1),
        dt.date(2026, 10, 3),
    }


def test_a_round_trip_twice_gives_the_same_document(rich, bob, carol, settings, tmp_path):
    first = backup_bytes(rich)
    settings.MEDIA_ROOT = tmp_path / "second"  # a new server: the photo keeps its name
    restore_account(first, "bob")
    second = backup_bytes(bob)
    settings.MEDIA_ROOT = tmp_path / "third"
    restore_account(second, "carol")
    assert without_header(second) == without_header(first)
    assert without_header(backup_bytes(carol)) == without_header(first)


def test_restore_on_the_same_server_keeps_both_photos(rich, bob):
    restore_account(backup_bytes(rich), "bob")
    theirs = [p.photo for p in Person.objects.filter(given_name="Jane")]
    assert len({photo.name for photo in theirs}) == 2
    assert [photo.read() for photo in theirs] == [photo_bytes()] * 2


def test_the_document_names_its_format_and_version(rich):
    data, _ = dump(rich)
    assert (data["format"], data["version"]) == ("keepwarm-backup", VERSION)
    assert data["exported_at"] == "2026-11-28T10:00:00+00:00"
    assert data["account"]["username"] == "alice"
    assert data["profile"]["weekly_budget_minutes"] == 95
    jane = next(p for p in data["people"] if p["given_name"] == "Jane")
    assert jane["photo"]["name"].endswith(".jpg")
    tags = {tag["id"]: tag["name"] for tag in data["tags"]}
    assert sorted(tags[number] for number in jane["tags"]) == ["school", "work"]
    assert [p["id"] for p in data["people"]] == [1, 2, 3, 4, 5, 6]


def test_a_missing_photo_file_is_a_warning(rich):
    jane = Person.objects.get(owner=rich, given_name="Jane")
    jane.photo.storage.delete(jane.photo.name)
    data, warnings = dump(rich)
    assert warnings == [
        f"The photo of {jane} ({jane.photo.name}) is missing: backed up without it."
    ]
    assert next(p for p in data["people"] if p["given_name"] == "Jane")["photo"] is None


# Bad files: each restores nothing, and says why.


def _edited(change) -> callable:
    def make(text: bytes) -> bytes:
        data = json.loads(text)
        change(data)
        return json.dumps(data).encode()

    return make


def _set(path: str, value):
    def change(data):
        *parents, last = path.split(".")
        target = data
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return _edited(change)


BAD_FILES = {
    "not json": (
        lambda t: b"BEGIN:VCARD\r\nFN:Jane\r\nEND:VCARD\r\n",
        "not a complete JSON document",
    ),
    "empty": (lambda t: b"", "The file is empty."),
    "not utf-8": (lambda t: b"\xff\xfe\x00x", "not UTF-8 text"),
    "a list": (lambda t: b"[1, 2]", "holds no JSON object"),
    "truncated": (lambda t: t[: len(t) // 2], "is the file cut short"),
    "wrong format": (_set("format", "monica"), "its format is 'monica', not 'keepwarm-backup'"),
    "newer version": (_set("version", VERSION + 1), "written by a newer keepwarm"),
    "no version": (_set("version", "1"), "is not a format version"),
    "missing section": (_edited(lambda d: d.pop("touches")), "has no 'touches' section"),
    "unknown section": (_set("parties", []), "does not know: ['parties']"),
    "missing person": (
        _set("touches.0.people", [1, 99]),
        "touches id 1: people refers to people id 99",
    ),
    "missing circle": (_set("people.0.circle", 42), "circle refers to circles id 42"),
    "twice the same id": (_set("tags.1.id", 1), "tags: the id 1 is there twice"),
    "wrong type": (_set("people.0.birthday_month", "2"), "birthday_month should be a whole number"),
    "impossible date": (
        _set("key_dates.0.day", 31),
        "key_dates id 1: anniversary: June 2010 has no day 31.",
    ),
    "bad date": (_set("touches.0.date", "2026-13-01"), "date has a wrong value '2026-13-01'"),
    "bad choice": (_set("touch_kinds.0.channel", "pigeon"), "'pigeon' is not a valid choice"),
    "too long": (_set("tags.0.name", "x" * 61), "at most 60 characters"),
    "bad photo": (
        _set("people.0.photo", {"name": "a.jpg", "data": "%%"}),
        "photo has a wrong value",
    ),
    "photo outside": (_set("people.0.photo.name", "../../etc/x"), "photo has a wrong value"),
    "unknown field": (_set("circles.0.colour", "red"), "circles[0]: unknown colour"),
    "same name twice": (_set("circles.1.name", "Inner"), "breaks a rule of the database"),
    "bad profile": (_set("profile.time_zone", "Mars/Base"), "is not a time zone"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_restores_nothing_and_says_why(rich, case, media):
    make, message = BAD_FILES[case]
    photos_before = sorted(Path(media).rglob("*"))
    with pytest.raises(BackupError) as caught:
        restore_account(make(backup_bytes(rich)), "dana")
    assert message in str(caught.value)
    assert not User.objects.filter(username="dana").exists()
    assert sorted(Path(media).rglob("*")) == photos_before


def test_a_bad_file_leaves_an_existing_empty_account_as_it_was(rich, bob):
    before = account_rows(bob)
    bad = _set("follow_ups.0.touch", 77)(backup_bytes(rich))
    with pytest.raises(BackupError, match="follow_ups id 1: touch refers to touches id 77"):
        restore_account(bad, "bob")
    assert account_rows(bob) == before


def test_restore_refuses_an_account_that_holds_data(rich, bob, jane_of_bob):
    before = account_rows(bob)
    with pytest.raises(BackupError) as caught:
        restore_account(backup_bytes(rich), "bob")
    assert str(caught.value) == (
        "The account 'bob' already holds data (1 person, 1 contact point): restore into "
        "an empty account, or name a new one with --user NAME."
    )
    assert account_rows(bob) == before


@pytest.fixture
def jane_of_bob(bob):
    return create_person(bob, "Jane Roe", emails=["jane@roe.example"])


def test_restore_refuses_a_bad_user_name(rich):
    with pytest.raises(BackupError, match="Enter a valid username"):
        restore_account(backup_bytes(rich), "no spaces allowed")
    assert User.objects.count() == 1


def test_restore_defaults_to_the_account_named_in_the_file(rich):
    data = json.loads(backup_bytes(rich))
    data["account"]["username"] = "alice2"
    user = restore_account(json.dumps(data).encode())
    assert user.username == "alice2"


# The schema is documented: every section and field of the file has its row in docs/backup.md.


def documented_tables() -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    section = None
    for line in DOCS.read_text().splitlines():
        heading = re.match(r"^### `(\w+)`", line)
        if heading:
            section = heading.group(1)
            tables[section] = []
        cell = re.match(r"^\| `(\w+)` \|", line)
        if cell and section:
            tables[section].append(cell.group(1))
    return tables


def test_the_docs_describe_every_field_of_the_file(rich):
    data, _ = dump(rich)
    written = {
        "account": list(data["account"]),
        "profile": [f.name for f in profile_fields()],
        "reminders": [f.name for f in reminder_fields()],
    }
    written.update({s.name: s.keys() for s in SECTIONS})
    assert documented_tables() == written
    assert f"version {VERSION}" in DOCS.read_text()


def test_a_copy_of_a_document_is_not_changed_by_a_restore_account(rich, bob):
    text = backup_bytes(rich)
    kept = copy.deepcopy(text)
    restore_account(text, "bob")
    assert text == kept
