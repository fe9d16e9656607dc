"""`keepwarm add`, `people`, `show` and `edit`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from keepwarm.contacts.models import (
    Address,
    KeyDate,
    LifeEvent,
    Person,
    Relationship,
)
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.services import add_follow_up, log_touch
from tests.cli.running import run
from tests.conftest import kind


def person_named(user, name: str) -> Person:
    return owned(Person, user).get(display_name=name)


# add


def test_add_creates_the_person_and_prints_the_id(alice, frozen):
    result = run(
        "add",
        "Dr. Jane A. Doe",
        "--email",
        "Jane@Example.com",
        "--email",
        "jd@work.example",
        "--phone",
        "030 1234567",
        "--circle",
        "close",
        "--birthday",
        "1984-02-29",
        "--company",
        "Acme",
        "--tag",
        "school",
        "--tag",
        "climbing",
    )
    assert result.exit_code == 0, result.output
    jane = Person.objects.get(pk=int(result.stdout))
    assert jane.owner == alice
    assert (jane.prefix, jane.given_name, jane.additional_names, jane.family_name) == (
        "Dr.",
        "Jane",
        "A.",
        "Doe",
    )
    assert jane.circle.name == "Close"
    assert (jane.birthday_month, jane.birthday_day, jane.birthday_year) == (2, 29, 1984)
    assert jane.company == "Acme"
    assert sorted(t.name for t in jane.tags.all()) == ["climbing", "school"]
    points = {(p.kind, p.normalized, p.preferred) for p in jane.contact_points.all()}
    assert points == {
        ("email", "jane@example.com", True),
        ("email", "jd@work.example", False),
        ("phone", "+49301234567", True),  # alice lives in Germany: read as a German number
    }
    assert "jane@example.com" in jane.search_text
    assert "Added Dr. Jane A. Doe to Close." in result.stderr


def test_add_goes_to_the_default_circle(alice):
    result = run("add", "Sam Lee")
    assert result.exit_code == 0, result.output
    assert person_named(alice, "Sam Lee").circle.name == "Core"


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--birthday", "02-30"], "February has no day 30", 2),
        (["--birthday", "1984-13-01"], "month 13 is not between 1 and 12", 2),
        (["--birthday", "2030-01-01"], "the year 2030 is in the future", 1),
        (["--email", "not-an-address"], "'not-an-address' is not an email address", 1),
        (["--phone", "call me"], "'call me' is not a phone number", 1),
        (["--circle", "inner"], "No circle named 'inner'. Your circles: Close, Core, Wide.", 2),
    ],
)
def test_add_refuses_bad_values_and_adds_no_one(alice, frozen, args, message, code):
    result = run("add", "Sam Lee", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not owned(Person, alice).exists()


# people


@pytest.fixture
def network(alice, bob, jane, frozen):
    sam = create_person(alice, "Sam Lee", company="Initech", tags=["climbing"])
    create_person(alice, "Old Friend", archived=True)
    create_person(bob, "Bill Bobson", emails=["bill@example.com"], company="Acme")
    log_touch(alice, [jane], kind(alice, "coffee"), date=dt.date(2026, 11, 20))
    return {"jane": jane, "sam": sam}


def test_people_json_is_a_list_of_objects(network):
    result = run("people", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "id": network["jane"].pk,
            "name": "Jane Doe",
            "circle": "Core",
            "company": "Acme",
            "email": "jane@example.com",
            "tags": ["school"],
            "last_touch": "2026-11-20",
            "archived": False,
            "deceased": False,
        },
        {
            "id": network["sam"].pk,
            "name": "Sam Lee",
            "circle": "Core",
            "company": "Initech",
            "email": None,
            "tags": ["climbing"],
            "last_touch": None,
            "archived": False,
            "deceased": False,
        },
    ]


def test_people_table_shows_the_columns(network):
    result = run("people")
    assert result.exit_code == 0, result.output
    for header in ("id", "name", "circle", "company", "email", "last touch"):
        assert header in result.stdout
    assert "jane@example.com" in result.stdout and "2026-11-20" in result.stdout
    assert "Old Friend" not in result.stdout


def test_people_never_shows_another_users_people(network):
    alices = json.loads(run("people", "--json").stdout)
    bobs = json.loads(run("people", "--json", user="bob").stdout)
    assert "Bill Bobson" not in {p["name"] for p in alices}
    assert [p["name"] for p in bobs] == ["Bill Bobson"]
    assert json.loads(run("people", "--search", "acme", "--json").stdout)[0]["name"] == "Jane Doe"


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--search", "jane@example"], ["Jane Doe"]),
        (["--search", "initech"], ["Sam Lee"]),
        (["--search", "#school"], ["Jane Doe"]),
        (["--tag", "CLIMBING"], ["Sam Lee"]),
        (["--circle", "core", "--search", "lee"], ["Sam Lee"]),
        (["--circle", "close"], []),
        (["--archived"], ["Old Friend"]),
    ],
)
def test_people_filters(network, args, names):
    result = run("people", *args, "--json")
    assert result.exit_code == 0, result.output
    assert [p["name"] for p in json.loads(result.stdout)] == names


def test_people_with_no_match_says_so(network):
    result = run("people", "--search", "nobody-like-this")
    assert result.exit_code == 0
    assert "No one matches." in result.stderr


def test_people_are_listed_by_family_then_given_name(alice):
    for name in ("Dr. John Q. Public", "Mr. Adam Public Sr.", "Zoe Abbott"):
        create_person(alice, name)
    result = run("people", "--json")
    assert [p["name"] for p in json.loads(result.stdout)] == [
        "Zoe Abbott",
        "Mr. Adam Public Sr.",
        "Dr. John Q. Public",
    ]


def test_people_does_not_read_names_as_markup(alice):
    create_person(alice, "[bold red]Jane[/bold red] Doe")
    result = run("people")
    assert "[bold red]Jane[/bold red]" in result.stdout


# show


@pytest.fixture
def jane_in_full(alice, jane, frozen):
    tom = create_person(alice, "Tom Doe")
    Address.objects.create(
        owner=alice,
        person=jane,
        label="home",
        street="Hauptstr. 1",
        locality="Berlin",
        postcode="10115",
        country="DE",
        is_mailing=True,
    )
    KeyDate.objects.create(owner=alice, person=jane, label="anniversary", month=6, day=1)
    Relationship.objects.create(owner=alice, person=jane, kind="child", other_name="Mia")
    Relationship.objects.create(owner=alice, person=tom, kind="spouse", other=jane)
    LifeEvent.objects.create(
        owner=alice, person=jane, kind="new_job", date=dt.date(2026, 9, 1), note="Acme"
    )
    log_touch(alice, [jane, tom], kind(alice, "lunch"), date=dt.date(2026, 11, 2), note="ramen")
    add_follow_up(alice, jane, "send the article", dt.date(2026, 11, 20))
    done = add_follow_up(alice, jane, "old promise", dt.date(2026, 10, 1))
    done.done_at = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    done.save()
    return {"jane": jane, "tom": tom}


def test_show_json_has_every_part(jane_in_full):
    jane, tom = jane_in_full["jane"], jane_in_full["tom"]
    result = run("show", str(jane.pk), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["name"] == "Jane Doe" and data["id"] == jane.pk
    assert data["name_parts"] == {
        "prefix": "",
        "given": "Jane",
        "additional": "",
        "family": "Doe",
        "suffix": "",
    }
    assert data["contact_points"][0] == {
        "kind": "email",
        "label": "",
        "value": "jane@example.com",
        "normalized": "jane@example.com",
        "preferred": True,
    }
    assert data["addresses"][0]["lines"] == ["Hauptstr. 1", "10115 Berlin", "DE"]
    assert data["dates"] == [{"label": "anniversary", "date": "--06-01"}]
    assert {"kind": "child", "person_id": None, "name": "Mia"} in data["relationships"]
    assert {"kind": "spouse of", "person_id": tom.pk, "name": "Tom Doe"} in data["relationships"]
    assert data["life_events"] == [{"kind": "new_job", "date": "2026-09-01", "note": "Acme"}]
    [touch] = data["touches"]
    assert (touch["date"], touch["kind"], touch["note"], touch["with"]) == (
        "2026-11-02",
        "lunch",
        "ramen",
        ["Tom Doe"],
    )
    assert [(f["text"], f["due"], f["status"]) for f in data["follow_ups"]] == [
        ("send the article", "2026-11-20", "overdue"),
    ]
    assert set(data) >= {
        "birthday",
        "deceased_on",
        "paused_until",
        "notes",
        "how_we_met",
        "job_title",
        "industry",
        "city",
        "nickname",
        "has_photo",
        "created_at",
    }


def test_show_prints_every_section(jane_in_full):
    result = run("show", "jane@example.com")
    assert result.exit_code == 0, result.output
    for text in (
        "Jane Doe",
        "Contact",
        "Hauptstr. 1",
        "anniversary",
        "Mia",
        "spouse of",
        "new job",
        "ramen",
        "send the article",
    ):
        assert text in result.stdout


def test_an_ambiguous_person_lists_the_candidates_and_exits_2(alice, jane):
    other = create_person(alice, "Jane Smith", company="Initech")
    result = run("show", "jane")
    assert result.exit_code == 2
    assert "'jane' matches 2 people" in result.stderr
    assert f"{jane.pk}  Jane Doe  Acme  jane@example.com" in result.stderr
    assert f"{other.pk}  Jane Smith  Initech" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("reference", ["²", "١٢", "²³"])
def test_show_with_an_id_in_other_digits_is_a_clear_error(alice, jane, reference):
    result = run("show", reference)
    # Not an id: at most a text that partly matches (Jane's phone has a 2 and a 3).
    assert result.exit_code in {1, 2}, result.output
    assert "No one matches" in result.stderr or "did you mean" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_show_never_reads_an_id_in_other_digits(alice, jane):
    arabic = str(jane.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    result = run("show", arabic)
    assert result.exit_code == 1
    assert "Jane Doe" not in result.stdout


@pytest.mark.parametrize("reference", ["jane doe", "JANE DOE", "Jane  Doe", "jane", "doe", "ja d"])
def test_a_full_name_or_a_unique_name_start_finds_the_person(alice, jane, reference):
    create_person(alice, "Bob Leap")
    result = run("show", reference, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == jane.pk


def test_a_full_name_wins_over_longer_names(alice):
    lea = create_person(alice, "Léa Roux")
    create_person(alice, "Léa Roux-Martin")
    result = run("show", "lea roux", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == lea.pk


def test_a_name_start_shared_by_several_people_lists_them(alice):
    lea = create_person(alice, "Léa Roux")
    leap = create_person(alice, "Bob Leap")
    result = run("show", "lea")
    assert result.exit_code == 2
    assert "'lea' matches 2 people" in result.stderr
    assert f"{lea.pk}  Léa Roux" in result.stderr and f"{leap.pk}  Bob Leap" in result.stderr


def test_a_partial_match_lists_the_candidate_instead_of_picking_it(alice, jane):
    result = run("show", "ane")  # inside "Jane", but no name starts with it
    assert result.exit_code == 2
    assert "No one is called 'ane'; did you mean this person?" in result.stderr
    assert f"{jane.pk}  Jane Doe" in result.stderr
    assert result.stdout == ""


def test_a_company_alone_is_only_a_suggestion(alice, jane):
    result = run("show", "acme")
    assert result.exit_code == 2
    assert "Jane Doe" in result.stderr


def test_show_prints_a_birthday_without_a_year_as_words(alice, jane):
    Person.objects.filter(pk=jane.pk).update(birthday_month=2, birthday_day=29)
    result = run("show", "Jane Doe")
    assert result.exit_code == 0, result.output
    assert "29 February" in result.stdout and "--02-29" not in result.stdout
    assert json.loads(run("show", "Jane Doe", "--json").stdout)["birthday"] == "--02-29"


def test_show_prints_a_birthday_with_its_year(alice, jane):
    Person.objects.filter(pk=jane.pk).update(birthday_month=3, birthday_day=14, birthday_year=1980)
    assert "14 March 1980" in run("show", "Jane Doe").stdout


def test_one_person_is_one_person(alice, jane):
    result = run("people")
    assert "1 person" in result.stdout and "1 people" not in result.stdout
    create_person(alice, "Tom Baker")
    assert "2 people" in run("people").stdout


def test_no_match_exits_1(alice, jane):
    result = run("show", "nobody")
    assert result.exit_code == 1
    assert "No one matches 'nobody'" in result.stderr


def test_another_users_person_is_not_found_by_id_or_email(alice, bob, jane):
    for reference in (str(jane.pk), "jane@example.com", "Jane Doe"):
        result = run("show", reference, user="bob")
        assert result.exit_code == 1, reference
        assert "No one matches" in result.stderr


# edit


def test_edit_changes_only_what_is_given(alice, jane, frozen):
    result = run(
        "edit",
        "jane doe",
        "--circle",
        "Close",
        "--birthday",
        "02-29",
        "--company",
        "Acme Corp",
        "--tag",
        "Friends",
        "--untag",
        "school",
    )
    assert result.exit_code == 0, result.output
    jane.refresh_from_db()
    assert jane.circle.name == "Close"
    assert (jane.birthday_month, jane.birthday_day, jane.birthday_year) == (2, 29, None)
    assert jane.company == "Acme Corp"
    assert [t.name for t in jane.tags.all()] == ["Friends"]
    assert "acme corp" in jane.search_text and "#friends" in jane.search_text
    assert "#school" not in jane.search_text
    assert jane.contact_points.count() == 2


def test_edit_deceased_and_archived(alice, jane, frozen):
    assert run("edit", str(jane.pk), "--deceased", "2026-10-02", "--archived").exit_code == 0
    jane.refresh_from_db()
    assert (jane.deceased, jane.deceased_on, jane.archived) == (True, dt.date(2026, 10, 2), True)
    assert run("edit", str(jane.pk), "--no-archived").exit_code == 0
    jane.refresh_from_db()
    assert jane.archived is False


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--birthday", "02-30"], "February has no day 30", 2),
        (["--deceased", "2026-11-26"], "--deceased: The date of death cannot be in the future.", 1),
        (["--deceased", "yesterday"], "'yesterday' is not a date like 2026-03-14", 2),
        (["--circle", "inner"], "No circle named 'inner'", 2),
        (["--untag", "nope"], "Jane Doe has no tag nope (tags: school)", 1),
        (["--company", "x" * 151], "--company: Ensure this value has at most 150 characters", 1),
    ],
)
def test_edit_refuses_bad_values_and_changes_nothing(alice, jane, frozen, args, message, code):
    before = Person.objects.filter(pk=jane.pk).values().get()
    result = run("edit", "Jane Doe", "--city", "Changed", "--tag", "new", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert Person.objects.filter(pk=jane.pk).values().get() == before
    assert [t.name for t in jane.tags.all()] == ["school"]


def test_edit_without_options_is_a_usage_error(alice, jane):
    result = run("edit", "Jane Doe")
    assert result.exit_code == 2
    assert "Nothing to change: give an option such as --circle." in result.stderr


def test_the_deceased_date_is_checked_in_the_users_time_zone(alice, jane):
    import time_machine

    # 23:30 UTC on 25 November is already 26 November in Berlin, alice's time zone.
    with time_machine.travel(dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC), tick=False):
        result = run("edit", "Jane Doe", "--deceased", "2026-11-26")
    assert result.exit_code == 0, result.output
