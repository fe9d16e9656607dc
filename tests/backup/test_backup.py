"""Backup and restore of one account: every row comes back, bad files change nothing."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image

from keepwarm.accounts.models import Profile, User, WeekStart
from keepwarm.backup import BackupError
from keepwarm.backup.json_backup import dump, to_json
from keepwarm.backup.restore import restore_account
from keepwarm.backup.schema import SECTIONS, VERSION, profile_fields, reminder_fields
from keepwarm.contacts.models import (
    Address,
    Circle,
    ContactKind,
    Job,
    KeyDate,
    LifeEvent,
    NotDuplicate,
    Person,
    Relationship,
)
from keepwarm.contacts.services import add_contact_point, create_person, refresh_search_text
from keepwarm.imports.models import SavedMapping
from keepwarm.mail.models import ReminderSettings, settings_of
from keepwarm.occasions.models import (
    CardRecipient,
    CardRun,
    Gathering,
    GreetingTemplate,
    Invitation,
    Postcard,
    Trip,
)
from keepwarm.owned import owned
from keepwarm.plans.models import Choice
from keepwarm.touches.models import TouchKind, TouchPerson
from keepwarm.touches.services import add_follow_up, complete_follow_up, log_touch
from keepwarm.warmcalls.models import CallOutcome, JobHunt
from tests.conftest import kind

DOCS = Path(__file__).resolve().parents[2] / "docs" / "backup.md"


def photo_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 10)).save(out, "JPEG")
    return out.getvalue()


def rich_account(user) -> None:
    """An account with every kind of row and field the models have."""
    profile = user.profile
    profile.weekly_budget_minutes, profile.home_city = 95, "Munich"
    profile.region, profile.week_start = "BY", WeekStart.SUNDAY
    profile.save()
    _edit_catalogue(user)
    people = _people(user)
    _details(user, people)
    _touches(user, people)
    _settings(user)


def _settings(user) -> None:
    """Every reminder setting away from its default, and a saved import mapping."""
    found = settings_of(user)
    found.emails_on, found.daily_email, found.birthday_autosend = False, True, True
    found.digest_weekday, found.digest_hour, found.autosend_hour = 4, 18, 8
    found.last_digest_on, found.last_daily_on = dt.date(2026, 11, 20), dt.date(2026, 11, 24)
    found.save()
    SavedMapping.objects.create(owner=user, name="club", mapping={"Member": "display_name"})


def _edit_catalogue(user) -> None:
    close = owned(Circle, user).get(name="Close")
    close.name, close.touches_per_year = "Inner", 14
    close.save()
    Circle.objects.create(owner=user, name="Alumni", touches_per_year=2, position=5)
    coffee = kind(user, "coffee")
    coffee.minutes, coffee.warmth_weight = 75, Decimal("2.5")
    coffee.save()
    TouchKind.objects.create(
        owner=user,
        label="Board games",
        minutes=180,
        channel="in_person",
        batchable=True,
        warmth_weight=Decimal("3.5"),
        occasion="gathering",
        position=20,
    )


def _people(user) -> dict[str, Person]:
    inner = owned(Circle, user).get(name="Inner")
    jane = create_person(
        user,
        "Dr. Jane Q. Doe Jr.",
        emails=["jane@example.com", "jd@work.example"],
        phones=["+49 30 1234567"],
        tags=["school", "work"],
        company="Acme",
        job_title="CTO",
        industry="Software",
        city="Berlin",
        how_we_met="Uni",
        notes="Likes tea.\nTwo kids.",
        extras="X-SKYPE: jane.doe\nX-ICQ: 12345",
        birthday_month=2,
        birthday_day=29,
        birthday_year=1984,
        circle=inner,
        paused_until=dt.date(2027, 1, 10),
    )
    jane.photo.save("jane.jpg", ContentFile(photo_bytes()))
    tom = create_person(
        user,
        "Tom Doe",
        emails=["tom@example.com"],
        birthday_month=7,
        birthday_day=4,
        nickname="Tommy",
    )
    ann = create_person(user, "Ann Doe", tags=["family"], archived=True)
    old = create_person(user, "Otto Old", deceased=True, deceased_on=dt.date(2025, 3, 1))
    create_person(user, "Quiet Quinn")  # no details at all
    create_person(user, "Acme Corp", is_organization=True, company="Acme Corp")
    return {"jane": jane, "tom": tom, "ann": ann, "old": old}


def _details(user, p: dict[str, Person]) -> None:
    add_contact_point(p["jane"], ContactKind.URL, "jane.example.com", label="blog")
    add_contact_point(p["tom"], ContactKind.SOCIAL, "@tomdoe", label="mastodon", preferred=True)
    refresh_search_text(p.values())  # as the forms do after adding contact points
    Address.objects.create(
        owner=user,
        person=p["jane"],
        label="home",
        street="Hauptstr. 1\nHof",
        locality="Berlin",
        postcode="10115",
        country="DE",
        is_mailing=True,
    )
    Address.objects.create(
        owner=user, person=p["jane"], label="work", locality="Potsdam", country_name="Erewhon"
    )
    KeyDate.objects.create(
        owner=user, person=p["jane"], label="anniversary", month=6, day=1, year=2010
    )
    KeyDate.objects.create(owner=user, person=p["tom"], label="name day", month=12, day=29)
    for a, b in (("jane", "tom"), ("tom", "jane")):
        Relationship.objects.create(owner=user, person=p[a], kind="spouse", other=p[b])
    Relationship.objects.create(owner=user, person=p["ann"], kind="parent", other=p["jane"])
    Relationship.objects.create(owner=user, person=p["jane"], kind="child", other=p["ann"])
    Relationship.objects.create(owner=user, person=p["tom"], kind="friend", other_name="Rick")
    LifeEvent.objects.create(
        owner=user, person=p["jane"], kind="new_job", date=dt.date(2026, 10, 1), note="CTO at Acme"
    )
    LifeEvent.objects.create(
        owner=user, person=p["tom"], kind="bereavement", date=dt.date(2026, 11, 20)
    )


def _touches(user, p: dict[str, Person]) -> None:
    coffee, games = kind(user, "coffee"), kind(user, "Board games")
    log_touch(
        user,
        [p["jane"], p["tom"]],
        coffee,
        date=dt.date(2026, 11, 1),
        note="brunch",
        follow_up="send the recipe",
        follow_up_due=dt.date(2026, 11, 5),
    )
    log_touch(user, [p["tom"], p["jane"], p["ann"]], games, date=dt.date(2026, 10, 3))
    last = log_touch(user, [p["ann"]], coffee, date=dt.date(2026, 11, 24))
    done = add_follow_up(user, p["ann"], "thank-you note", dt.date(2026, 11, 30), touch=last)
    complete_follow_up(done)
    add_follow_up(user, p["old"], "call the family", dt.date(2027, 3, 1))
    Choice.objects.create(owner=user, item_id="w0:birthday:1", action="skip")
    Choice.objects.create(owner=user, item_id="w1:routine:2", action="swap", kind=games)
    NotDuplicate.objects.create(owner=user, first=p["ann"], second=p["old"])
    _occasions(user, p, last)


def _occasions(user, p: dict[str, Person], touch) -> None:
    GreetingTemplate.objects.create(
        owner=user, occasion="birthday", subject="Happy birthday!", body="Dear {first_name},"
    )
    run = CardRun.objects.create(
        owner=user,
        name="Holiday cards 2026",
        season="christmas",
        send_from=dt.date(2026, 12, 1),
        send_until=dt.date(2026, 12, 20),
    )
    run.circles.add(p["jane"].circle)
    run.tags.add(*p["ann"].tags.all())
    card = CardRecipient.objects.create(
        owner=user,
        run=run,
        address=p["jane"].addresses.first(),
        name_on_card="Jane & Tom Doe",
        status="sent",
        sent_on=dt.date(2026, 11, 24),
        touch=touch,
    )
    card.people.add(p["jane"], p["tom"])
    trip = Trip.objects.create(
        owner=user, place="Lisbon", start=dt.date(2027, 5, 1), end=dt.date(2027, 5, 8)
    )
    Postcard.objects.create(owner=user, trip=trip, person=p["jane"], chosen=True)
    party = Gathering.objects.create(
        owner=user,
        title="Chili party",
        date=dt.date(2027, 9, 10),
        time=dt.time(19, 30),
        place="Home",
        capacity=20,
        yearly=True,
        invitation_subject="Chili, {first_name}?",
        invitation_text="Hi {first_name},\nchili on the 10th!",
    )
    Job.objects.create(
        owner=user,
        person=p["tom"],
        company="Globex",
        role="Engineer",
        industry="Energy",
        started=dt.date(2015, 3, 1),
        ended=dt.date(2020, 6, 30),
    )
    refresh_search_text([p["tom"]])  # past jobs are in the search text, as the form keeps them
    hunt = JobHunt.objects.create(
        owner=user, started_on=dt.date(2026, 11, 1), companies="Acme\nGlobex", cities="Berlin"
    )
    hunt.tags.add(*p["ann"].tags.all())
    CallOutcome.objects.create(
        owner=user, hunt=hunt, person=p["tom"], outcome="intro", date=dt.date(2026, 11, 24)
    )
    Invitation.objects.create(
        owner=user, gathering=party, person=p["tom"], invited_on=dt.date(2026, 11, 20), answer="yes"
    )


# A generic picture of an account, independent of the backup code: every owned
# model the apps define, every concrete field but ids and owner, references as
# the position of the row pointed at, files as their content.


def owned_models() -> list[type[models.Model]]:
    found = [m for m in apps.get_models() if any(f.name == "owner" for f in m._meta.fields)]
    return [m for m in found if not getattr(m, "backup_excluded", False)]  # transient rows


def _positions(user) -> dict[type, dict[int, int]]:
    result = {}
    for model in owned_models():
        pks = owned(model, user).order_by("pk").values_list("pk", flat=True)
        result[model] = {pk: n for n, pk in enumerate(pks)}
    return result


def _value(row, field, positions):
    value = getattr(row, field.attname)
    if isinstance(field, models.FileField):
        return getattr(row, field.name).read() if value else None
    if field.is_relation and value is not None:
        target = field.related_model
        return ("user",) if target is User else (target.__name__, positions[target][value])
    return value


def _picture(row, positions, skip=("id", "owner")) -> dict:
    return {
        f.name: _value(row, f, positions) for f in row._meta.concrete_fields if f.name not in skip
    }


def account_rows(user) -> dict[str, list[dict]]:
    positions = _positions(user)
    rows = {
        m.__name__: [_picture(r, positions) for r in owned(m, user).order_by("pk")]
        for m in owned_models()
    }
    rows["Profile"] = [_picture(Profile.objects.get(user=user), positions, ("id", "user"))]
    # The feed's secret moves only when the original account is still there.
    skip = ("id", "user", "calendar_token")
    rows["ReminderSettings"] = [_picture(settings_of(user), positions, skip)]
    links = TouchPerson.objects.filter(touch__owner=user).order_by("pk")
    rows["TouchPerson"] = [_picture(r, positions) for r in links]
    tagged = Person.tags.through.objects.filter(person__owner=user).order_by("pk")
    rows["PersonTags"] = [_picture(r, positions) for r in tagged]
    return rows


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
