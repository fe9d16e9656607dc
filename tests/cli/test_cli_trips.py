"""`keepwarm trips`: the trips, one trip's postcards, ticking who gets one, who
got one (touches, undo) and the labels; only ever the user's own."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.contacts.models import Address
from keepwarm.contacts.services import create_person
from keepwarm.occasions.models import Postcard, Trip
from keepwarm.occasions.travel import create_trip
from keepwarm.owned import owned
from keepwarm.touches.models import Touch


def run(*args: str, user: str = "alice", columns: int = 80):
    return CliRunner().invoke(cli, ["--user", user, *args], env={"COLUMNS": str(columns)})


def with_address(user, name: str, street: str = "1 Main St"):
    person = create_person(user, name)
    Address.objects.create(owner=user, person=person, street=street, locality="Salem")
    return person


@pytest.fixture
def trip(alice, bob, frozen):
    for name in ("Jane Doe", "Sam Lee", "Ana Ruiz"):
        with_address(alice, name)
    create_person(alice, "Ned Nomad")  # no address: not proposed
    alice.profile.weekly_budget_minutes = 18  # a sitting a week: two postcards on this trip
    alice.profile.save()
    with_address(bob, "Bill Bobson")
    create_trip(bob, "Boston", dt.date(2026, 11, 10), dt.date(2026, 11, 14))
    return create_trip(alice, "Lisbon", dt.date(2026, 11, 16), dt.date(2026, 11, 24))


def postcard(trip_, name: str) -> Postcard:
    return trip_.postcards.get(person__display_name=name)


def test_the_list_shows_each_trip_with_its_postcards(trip):
    result = run("trips")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "# 1 trip\n"
        "id\tplace\tfrom\tuntil\tpostcards\tsent\n"
        f"{trip.pk}\tLisbon\t2026-11-16\t2026-11-24\t2\t0\n"
    )
    assert json.loads(run("trips", "list", "--json").stdout) == [
        {
            "id": trip.pk,
            "place": "Lisbon",
            "start": "2026-11-16",
            "end": "2026-11-24",
            "note": "",
            "chosen": 2,
            "sent": 0,
        }
    ]


def test_show_lists_who_gets_a_postcard(trip):
    result = run("trips", "show", str(trip.pk))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"# Lisbon (trip {trip.pk}), 2026-11-16 to 2026-11-24: 2 postcards ticked, 0 sent; "
        "your budget fits 2 in 2 weeks"
    )
    assert lines[1] == "id\tperson\tstatus\tsent on\taddress"
    statuses = {line.split("\t")[1]: line.split("\t")[2] for line in lines[2:]}
    assert sorted(statuses.values()) == ["not ticked", "to write", "to write"]
    assert "Ned Nomad" not in statuses
    assert all(line.endswith("\t1 Main St, Salem") for line in lines[2:])


def test_show_as_json(trip):
    data = json.loads(run("trips", "show", str(trip.pk), "--json").stdout)
    assert data["budget"] == 2 and data["chosen"] == 2
    assert {p["person"]["name"] for p in data["postcards"]} == {"Jane Doe", "Sam Lee", "Ana Ruiz"}
    assert all(p["address"] == ["1 Main St", "Salem"] for p in data["postcards"])
    assert all(p["sent_on"] is None for p in data["postcards"])


def test_show_fits_80_columns(trip):
    lines = run("--table", "trips", "show", str(trip.pk)).stdout.rstrip("\n").split("\n")
    assert all(len(line) <= 80 for line in lines)
    assert any("not ticked" in line for line in lines)


def test_tick_and_untick_choose_who_gets_one(trip):
    spare = next(c for c in trip.postcards.all() if not c.chosen)
    name = spare.person.display_name
    result = run("trips", "tick", str(trip.pk), name)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Saved: 3 postcards ticked on the trip to Lisbon.\n"
    assert postcard(trip, name).chosen
    result = run("trips", "untick", str(trip.pk), name, str(spare.person.pk))
    assert result.stdout == "Saved: 2 postcards ticked on the trip to Lisbon.\n"
    assert not postcard(trip, name).chosen


def test_sent_logs_a_postcard_touch_on_the_trips_last_day(alice, trip):
    result = run("trips", "sent", str(trip.pk), "Jane Doe", "sam lee")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Logged 2 postcards sent on 2026-11-24.\n"
    touches = owned(Touch, alice).order_by("id")
    assert [t.note for t in touches] == ["Postcard from Lisbon"] * 2
    assert postcard(trip, "Jane Doe").sent_on == dt.date(2026, 11, 24)
    again = run("trips", "sent", str(trip.pk), "Jane Doe", "--date", "2026-11-20")
    assert again.stdout == "Logged 0 postcards sent on 2026-11-20.\n"
    assert "Already sent, left as they were: 1." in again.stderr
    assert owned(Touch, alice).count() == 2


def test_unsent_deletes_the_touch(alice, trip):
    run("trips", "sent", str(trip.pk), "Jane Doe")
    result = run("trips", "unsent", str(trip.pk), "Jane Doe")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Undone: 1 postcard to write again.\n"
    assert postcard(trip, "Jane Doe").sent_on is None
    assert not owned(Touch, alice).exists()


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["Jane Doe", "--date", "2026-11-15"], "Pick a day of the trip or after it.", 1),
        (["Jane Doe", "--date", "2026-11-26"], "Postcards are ticked once they are sent", 1),
        (["Ned Nomad"], "Ned Nomad: no postcard on this trip.", 1),
        (["Nobody Here"], "No one matches 'Nobody Here'.", 1),
        (["Bill Bobson"], "No one matches 'Bill Bobson'.", 1),
        ([], "Missing argument 'PERSON...'", 2),
    ],
)
def test_bad_sent_requests_change_nothing(alice, trip, args, message, code):
    result = run("trips", "sent", str(trip.pk), *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not owned(Touch, alice).exists()


def test_labels_go_through_keepwarm_labels(trip, tmp_path):
    target = tmp_path / "postcards.pdf"
    result = run("trips", "labels", str(trip.pk), "--sheet", "l7160", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote 2 labels (Avery L7160) to {target}.\n"


def test_another_users_trip_is_not_found(bob, trip):
    boston = owned(Trip, bob).get()
    for args in (["show", str(boston.pk)], ["sent", str(boston.pk), "Jane Doe"]):
        result = run("trips", *args)
        assert result.exit_code == 1
        assert f"You have no trip {boston.pk}. See yours with `keepwarm trips`." in result.stderr
    assert not boston.postcards.filter(sent_on__isnull=False).exists()


def test_no_trips_says_where_to_enter_one(alice):
    result = run("trips")
    assert result.exit_code == 0 and result.stdout == ""
    assert "No trips yet" in result.stderr


def test_json_goes_after_the_command(trip):
    result = run("trips", "--json", "show", str(trip.pk))
    assert result.exit_code == 2
    assert "Put --json after the command: keepwarm trips show … --json" in result.stderr
    assert result.stdout == ""
